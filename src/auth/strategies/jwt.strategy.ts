import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { tokenNotValid } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/app-config.service';
import { AuthUser } from '../auth-user';
import { SessionsRepository } from '../sessions.repository';
import { ACCESS_TOKEN_TYPE, AccessClaims } from '../token.service';

/**
 * Verifies access tokens: HS256 only (no `alg: none`), issuer and audience
 * pinned, `typ: access`, and a live login of an existing user.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    config: AppConfig,
    private readonly sessions: SessionsRepository,
  ) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: config.get('JWT_SECRET'),
      algorithms: ['HS256'],
      issuer: config.get('JWT_ISSUER'),
      audience: config.get('JWT_AUDIENCE'),
      ignoreExpiration: false,
    });
  }

  async validate(claims: Partial<AccessClaims>): Promise<AuthUser> {
    if (claims.typ !== ACCESS_TOKEN_TYPE || typeof claims.sub !== 'string' || typeof claims.sid !== 'string') {
      throw tokenNotValid();
    }
    const user = await this.sessions.findUserWithLiveSession(claims.sub, claims.sid);
    if (!user) throw tokenNotValid();
    return { id: user.id, username: user.username, displayName: user.displayName, role: user.role, userType: user.userType, sessionId: claims.sid };
  }
}
