import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard } from '@nestjs/passport';
import { notAuthenticated, tokenNotValid } from '../../../core/errors/domain-error';
import { IS_PUBLIC } from '../../../core/decorators/public.decorator';
import type { Request } from 'express';
import { AccessTokenVerifier } from '../access-token.verifier';
import { AuthUser } from '../../../core/auth/auth-user';

/** The global guard: every HTTP route needs a valid access token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard extends AuthGuard('jwt') {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
  ) {
    super();
  }

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    // Sockets are authenticated once, at the handshake (gateway/socket-auth.ts).
    if (context.getType() !== 'http') return true;
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    // The identity provider's tokens (RS256, ES256, ...) go to the verifier the handshake uses too.
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const token = /^Bearer\s+(\S+)$/i.exec(request.get('authorization') ?? '')?.[1];
    if (token && this.verifier.isExternal(token)) {
      request.user = (await this.verifier.verify(token)).user;
      return true;
    }
    return (await super.canActivate(context)) as boolean;
  }

  override handleRequest<TUser>(error: unknown, user: TUser | false, info: unknown): TUser {
    if (error) throw error;
    if (user) return user;
    const message = info instanceof Error ? info.message : '';
    throw message === 'No auth token' ? notAuthenticated() : tokenNotValid();
  }
}
