import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { notAuthenticated } from '../../../core/errors/domain-error';
import { IS_PUBLIC } from '../../../core/decorators/public.decorator';
import type { Request } from 'express';
import { AccessTokenVerifier } from '../access-token.verifier';
import { AuthUser } from '../../../core/auth/auth-user';

/**
 * The global guard: every HTTP route needs a valid access token unless marked @Public(). The token is
 * checked by AccessTokenVerifier, as the socket handshake checks it: Parley's own (HS256) or the
 * platform identity provider's. No token is 401 `not_authenticated`; any other failure 401 `token_not_valid`
 * (or the verifier's own refusal, `account_suspended`).
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Sockets are authenticated once, at the handshake (gateway/socket-auth.ts).
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const token = bearerToken(request.headers.authorization);
    if (!token) throw notAuthenticated();
    request.user = (await this.verifier.verify(token)).user;
    return true;
  }
}

/** The token of an `Authorization: Bearer <token>` header: its first two words, the scheme in any case (as passport-jwt reads it). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /(\S+)\s+(\S+)/.exec(header);
  return match && match[1].toLowerCase() === 'bearer' ? match[2] : undefined;
}
