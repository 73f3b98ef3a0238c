import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { createHash, randomBytes } from 'node:crypto';
import { AppConfig } from '../../core/config/app-config.service';

export const ACCESS_TOKEN_TYPE = 'access';

export interface AccessClaims {
  sub: string;
  sid: string;
  /** The user's organization: every statement made for the token runs in it (docs/organizations.md). */
  org: string;
  typ: typeof ACCESS_TOKEN_TYPE;
}

/** Signs access tokens (HS256, issuer, audience, `typ`) and makes opaque refresh tokens. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  get accessTtlSeconds(): number {
    return this.config.get('JWT_ACCESS_TTL');
  }

  get refreshTtlSeconds(): number {
    return this.config.get('JWT_REFRESH_TTL');
  }

  get refreshReuseGraceSeconds(): number {
    return this.config.get('JWT_REFRESH_REUSE_GRACE');
  }

  signAccess(userId: string, sessionId: string, organizationId: string): Promise<string> {
    const claims: AccessClaims = { sub: userId, sid: sessionId, org: organizationId, typ: ACCESS_TOKEN_TYPE };
    return this.jwt.signAsync(claims, {
      algorithm: 'HS256',
      secret: this.config.get('JWT_SECRET'),
      issuer: this.config.get('JWT_ISSUER'),
      audience: this.config.get('JWT_AUDIENCE'),
      expiresIn: this.accessTtlSeconds,
    });
  }

  /** A new refresh token and the hash that is stored in its place. */
  newRefreshToken(): { token: string; hash: string } {
    const token = randomBytes(32).toString('base64url');
    return { token, hash: TokenService.hashRefreshToken(token) };
  }

  static hashRefreshToken(token: string): string {
    return createHash('sha256').update(token).digest('hex');
  }
}
