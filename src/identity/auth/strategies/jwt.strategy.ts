import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';
import { AccessTokenVerifier } from '../access-token.verifier';
import { AuthUser } from '../../../core/auth/auth-user';
import { AccessClaims } from '../token.service';

/** HTTP bearer tokens, verified exactly as the socket handshake does (AccessTokenVerifier). */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(private readonly verifier: AccessTokenVerifier) {
    const { secretOrKey, algorithms, issuer, audience } = verifier.passportOptions;
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey,
      algorithms: [...algorithms],
      issuer,
      audience,
      ignoreExpiration: false,
    });
  }

  validate(claims: Partial<AccessClaims>): Promise<AuthUser> {
    return this.verifier.authenticate(claims);
  }
}
