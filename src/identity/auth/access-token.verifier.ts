import { createSecretKey, KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { isUUID } from 'class-validator';
import { tokenNotValid } from '../../core/errors/domain-error';
import { AppConfig } from '../../core/config/app-config.service';
import { AuthUser } from '../../core/auth/auth-user';
import { SessionsRepository } from './store/sessions.repository';
import { ACCESS_TOKEN_TYPE, AccessClaims } from './token.service';
import { ExternalTokenVerifier } from './external/external-token.verifier';
import { SuspensionsService } from './suspensions.service';
import { accountSuspended } from '../../core/errors/errors';
import { DEFAULT_ORGANIZATION_ID, OrganizationScope } from '../../core/database/organization-scope';

export interface VerifiedAccess {
  user: AuthUser;
  /** Expiry of the token (seconds since the epoch). */
  exp: number;
}

/**
 * One verification for every transport: HS256 only, issuer and audience
 * pinned, `typ: access`, and a live login of an existing user; or, for a token
 * whose issuer is the platform's identity provider, ExternalTokenVerifier.
 */
@Injectable()
export class AccessTokenVerifier {
  /**
   * The HMAC key as a KeyObject, made once: given a string, jsonwebtoken first tries
   * (and fails) to parse it as a public key on every verify, a cost seen in profiles.
   * jsonwebtoken takes a KeyObject; the typings of passport-jwt and @nestjs/jwt only say string | Buffer.
   */
  private readonly key: string;

  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
    private readonly sessions: SessionsRepository,
    private readonly external: ExternalTokenVerifier,
    private readonly suspensions: SuspensionsService,
  ) {
    this.key = createSecretKey(Buffer.from(config.get('JWT_SECRET'))) as KeyObject as unknown as string;
  }

  /** The passport-jwt options (HTTP) that match `verify` below. */
  get passportOptions() {
    return {
      secretOrKey: this.key,
      algorithms: ['HS256'] as const,
      issuer: this.config.get('JWT_ISSUER'),
      audience: this.config.get('JWT_AUDIENCE'),
    };
  }

  /** A token of the platform's identity provider (AUTH_OIDC_ISSUER / AUTH_JWKS_URL), by its claimed issuer. */
  isExternal(token: string): boolean {
    return this.external.claimsExternal(token);
  }

  async verify(token: string): Promise<VerifiedAccess> {
    if (this.isExternal(token)) {
      // The deployment's identity provider signs in to the default organization, an organization's own to that
      // organization only: its user is provisioned, and acts, there (docs/organizations.md).
      const provider = await this.external.providerOf(token);
      if (!provider) throw tokenNotValid();
      const { organizationId } = provider;
      OrganizationScope.enter(organizationId);
      return OrganizationScope.run(organizationId, async () => {
        const verified = await this.external.verify(token, provider);
        // The identity provider still signs tokens for a suspended user: Parley refuses them.
        await this.suspensions.requireNotSuspended(verified.user.id);
        return { ...verified, user: { ...verified.user, organizationId } };
      });
    }
    let claims: Partial<AccessClaims> & { exp?: number };
    try {
      claims = await this.jwt.verifyAsync(token, {
        secret: this.key,
        algorithms: ['HS256'],
        issuer: this.config.get('JWT_ISSUER'),
        audience: this.config.get('JWT_AUDIENCE'),
      });
    } catch {
      throw tokenNotValid();
    }
    return { user: await this.authenticate(claims), exp: claims.exp ?? 0 };
  }

  async authenticate(claims: Partial<AccessClaims>): Promise<AuthUser> {
    // Ids are UUIDs: anything else, even validly signed, must not reach a uuid column (that was a 500).
    const { typ, sub, sid, org } = claims;
    if (typ !== ACCESS_TOKEN_TYPE || typeof sub !== 'string' || typeof sid !== 'string' || !isUUID(sub) || !isUUID(sid)) {
      throw tokenNotValid();
    }
    // A token from before organizations acts in the default one, where its user is.
    if (org !== undefined && (typeof org !== 'string' || !isUUID(org))) throw tokenNotValid();
    const organizationId = org ?? DEFAULT_ORGANIZATION_ID;
    // The request (when there is one) acts in the token's organization from here on; the session is looked up in it.
    OrganizationScope.enter(organizationId);
    const user = await OrganizationScope.run(organizationId, () => this.sessions.findUserWithLiveSession(sub, sid));
    if (user?.suspended) throw accountSuspended(null);
    if (!user?.live) throw tokenNotValid();
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      userType: user.userType,
      sessionId: sid,
      organizationId,
    };
  }
}
