import { Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, decodeJwt, JWTHeaderParameters, JWTPayload, jwtVerify } from 'jose';
import { tokenNotValid } from '../../../core/errors/domain-error';
import { AppConfig } from '../../../core/config/app-config.service';
import { joseType, NO_TYP } from '../../../core/config/env.schema';
import { AuthUser } from '../../../core/auth/auth-user';
import { ExternalProfile, ExternalUsersService } from './external-users.service';

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/** `realm_access.roles` style paths into the claims. */
function claimAt(payload: JWTPayload, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), payload);
}
const text = (value: unknown) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined);

/**
 * Tokens of the platform's identity provider: signature against its JWK set
 * (jose: cached, refetched on an unknown `kid` at most once per cooldown, so a
 * flood of bad tokens cannot hammer the provider), issuer and audience pinned,
 * asymmetric algorithms only, access-token types only. The first sight of `(iss, sub)` provisions the user.
 */
@Injectable()
export class ExternalTokenVerifier {
  private readonly logger = new Logger('ExternalAuth');
  private readonly issuer?: string;
  /** An OpenID ID token (`typ: id+jwt`) proves a login to a client; it is not an access token for Parley. */
  private readonly acceptedTypes: ReadonlySet<string>;
  private keySet?: Promise<KeySet>;

  constructor(
    private readonly config: AppConfig,
    private readonly users: ExternalUsersService,
  ) {
    this.issuer = config.get('AUTH_EXTERNAL_ISSUER') ?? config.get('AUTH_OIDC_ISSUER');
    this.acceptedTypes = new Set(config.get('AUTH_EXTERNAL_ACCEPTED_TYPES'));
  }

  get enabled(): boolean {
    return this.issuer !== undefined && (this.config.get('AUTH_JWKS_URL') ?? this.config.get('AUTH_OIDC_ISSUER')) !== undefined;
  }

  /** Whether a token claims to come from the provider (unverified: only picks the verifier). */
  claimsExternal(token: string): boolean {
    if (!this.enabled) return false;
    try {
      const { iss } = decodeJwt(token);
      return iss === this.issuer && iss !== this.config.get('JWT_ISSUER');
    } catch {
      return false;
    }
  }

  async verify(token: string): Promise<{ user: AuthUser; exp: number }> {
    let payload: JWTPayload;
    let header: JWTHeaderParameters;
    try {
      ({ payload, protectedHeader: header } = await jwtVerify(token, await this.keys(), {
        issuer: this.issuer,
        audience: this.config.get('AUTH_EXTERNAL_AUDIENCE'),
        algorithms: this.config.get('AUTH_EXTERNAL_ALGORITHMS'),
        requiredClaims: ['sub', 'exp'],
      }));
    } catch {
      throw tokenNotValid();
    }
    if (!this.acceptedTypes.has(header.typ === undefined ? NO_TYP : joseType(header.typ))) throw tokenNotValid();
    const { user } = await this.users.upsert(this.issuer!, payload.sub!, this.profileOf(payload));
    const sessionId = `ext:${text(payload.jti) ?? text(payload.sid) ?? ''}`;
    return {
      user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, userType: user.userType, sessionId },
      exp: payload.exp!,
    };
  }

  private profileOf(payload: JWTPayload): ExternalProfile {
    const claim = (key: 'AUTH_CLAIM_USERNAME' | 'AUTH_CLAIM_NAME' | 'AUTH_CLAIM_EMAIL') => text(claimAt(payload, this.config.get(key)));
    const userTypeClaim = this.config.get('AUTH_CLAIM_USER_TYPE');
    const roleClaim = this.config.get('AUTH_CLAIM_ROLE');
    const roles = roleClaim ? claimAt(payload, roleClaim) : undefined;
    return {
      username: claim('AUTH_CLAIM_USERNAME'),
      displayName: claim('AUTH_CLAIM_NAME'),
      email: claim('AUTH_CLAIM_EMAIL'),
      firstName: text(payload.given_name),
      lastName: text(payload.family_name),
      userType: userTypeClaim ? text(claimAt(payload, userTypeClaim)) : undefined,
      // Without `iat` a token cannot be ordered against the one that set the role: it changes nothing.
      roleClaim:
        roleClaim && typeof payload.iat === 'number'
          ? { role: (Array.isArray(roles) ? roles : [roles]).includes('admin') ? 'admin' : 'user', issuedAt: payload.iat }
          : undefined,
    };
  }

  /** The JWK set: AUTH_JWKS_URL, else the `jwks_uri` of the issuer's discovery document (looked up again after a failure). */
  private keys(): Promise<KeySet> {
    this.keySet ??= this.jwksUrl().then(
      (url) =>
        createRemoteJWKSet(url, {
          cooldownDuration: this.config.get('AUTH_JWKS_COOLDOWN') * 1000,
          cacheMaxAge: 10 * 60 * 1000,
          timeoutDuration: 5000,
        }),
      (error: unknown) => {
        this.keySet = undefined;
        this.logger.warn(`OpenID discovery failed: ${String(error)}`);
        throw error;
      },
    );
    return this.keySet;
  }

  private async jwksUrl(): Promise<URL> {
    const direct = this.config.get('AUTH_JWKS_URL');
    if (direct) return new URL(direct);
    const issuer = this.config.get('AUTH_OIDC_ISSUER')!.replace(/\/+$/, '');
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
    if (typeof jwksUri !== 'string') throw new Error('discovery document has no jwks_uri');
    return new URL(jwksUri);
  }
}
