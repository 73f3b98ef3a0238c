import { Injectable, Logger } from '@nestjs/common';
import { createRemoteJWKSet, decodeJwt, JWTHeaderParameters, JWTPayload, jwtVerify } from 'jose';
import { tokenNotValid } from '../../../core/errors/domain-error';
import { AppConfig } from '../../../core/config/app-config.service';
import { joseType, NO_TYP } from '../../../core/config/env.schema';
import { AuthUser } from '../../../core/auth/auth-user';
import { ExternalProfile, ExternalUsersService } from './external-users.service';
import { DEFAULT_ORGANIZATION_ID, OrganizationScope } from '../../../core/database/organization-scope';
import { OrganizationsRepository } from '../../../core/organizations/store/organizations.repository';

type KeySet = ReturnType<typeof createRemoteJWKSet>;

/**
 * One identity provider: the deployment's (AUTH_*, signing in to the default organization) or an
 * organization's own (its settings' idp_*, signing in to that organization only).
 */
export interface IdentityProvider {
  organizationId: string;
  issuer: string;
  audience?: string;
  /** The JWK set's address; absent: the `jwks_uri` of the issuer's discovery document. */
  jwksUrl?: string;
  claims: { username: string; name: string; email: string };
}

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
  /** Key sets by JWK-set address (or `discovery:` and the issuer), each provider's own. */
  private readonly keySets = new Map<string, Promise<KeySet>>();

  constructor(
    private readonly config: AppConfig,
    private readonly users: ExternalUsersService,
    private readonly organizations: OrganizationsRepository,
  ) {
    this.issuer = config.get('AUTH_EXTERNAL_ISSUER') ?? config.get('AUTH_OIDC_ISSUER');
    this.acceptedTypes = new Set(config.get('AUTH_EXTERNAL_ACCEPTED_TYPES'));
  }

  get enabled(): boolean {
    return this.issuer !== undefined && (this.config.get('AUTH_JWKS_URL') ?? this.config.get('AUTH_OIDC_ISSUER')) !== undefined;
  }

  /**
   * Whether a token claims to come from an identity provider rather than from Parley (unverified: only
   * picks the verifier): an issuer other than JWT_ISSUER. `providerOf` then finds its provider, or none.
   */
  claimsExternal(token: string): boolean {
    try {
      const { iss } = decodeJwt(token);
      return typeof iss === 'string' && iss !== this.config.get('JWT_ISSUER');
    } catch {
      return false;
    }
  }

  /**
   * The provider of a token's claimed issuer: the deployment's, else the one organization whose settings
   * name it (looked up in system scope; an issuer two organizations name is nobody's). None: refused.
   */
  async providerOf(token: string): Promise<IdentityProvider | null> {
    let iss: string | undefined;
    try {
      iss = decodeJwt(token).iss;
    } catch {
      return null;
    }
    if (!iss) return null;
    const claims = {
      username: this.config.get('AUTH_CLAIM_USERNAME'),
      name: this.config.get('AUTH_CLAIM_NAME'),
      email: this.config.get('AUTH_CLAIM_EMAIL'),
    };
    if (this.enabled && iss === this.issuer) {
      return {
        organizationId: DEFAULT_ORGANIZATION_ID,
        issuer: iss,
        audience: this.config.get('AUTH_EXTERNAL_AUDIENCE'),
        jwksUrl: this.config.get('AUTH_JWKS_URL'),
        claims,
      };
    }
    const found = await OrganizationScope.runAsSystem(() => this.organizations.findByIssuer(iss));
    if (found.length !== 1) return null;
    const [organization] = found;
    const own = organization.settings;
    // An organization's provider must name its audience: a token its provider made for another application is refused.
    if (!own.idp_audience) return null;
    return {
      organizationId: organization.id,
      issuer: iss,
      audience: own.idp_audience,
      jwksUrl: own.idp_jwks_url ?? undefined,
      claims: {
        username: own.idp_claim_username ?? claims.username,
        name: own.idp_claim_name ?? claims.name,
        email: own.idp_claim_email ?? claims.email,
      },
    };
  }

  /** Verifies a token of `provider` and provisions its user, in the current scope (the provider's organization). */
  async verify(token: string, provider: IdentityProvider): Promise<{ user: AuthUser; exp: number }> {
    let payload: JWTPayload;
    let header: JWTHeaderParameters;
    try {
      ({ payload, protectedHeader: header } = await jwtVerify(token, await this.keys(provider), {
        issuer: provider.issuer,
        audience: provider.audience,
        algorithms: this.config.get('AUTH_EXTERNAL_ALGORITHMS'),
        requiredClaims: ['sub', 'exp'],
      }));
    } catch {
      throw tokenNotValid();
    }
    if (!this.acceptedTypes.has(header.typ === undefined ? NO_TYP : joseType(header.typ))) throw tokenNotValid();
    const { user } = await this.users.upsert(provider.issuer, payload.sub!, this.profileOf(payload, provider));
    const sessionId = `ext:${text(payload.jti) ?? text(payload.sid) ?? ''}`;
    return {
      user: { id: user.id, username: user.username, displayName: user.displayName, role: user.role, userType: user.userType, sessionId },
      exp: payload.exp!,
    };
  }

  private profileOf(payload: JWTPayload, provider: IdentityProvider): ExternalProfile {
    const claim = (key: 'username' | 'name' | 'email') => text(claimAt(payload, provider.claims[key]));
    const userTypeClaim = this.config.get('AUTH_CLAIM_USER_TYPE');
    const roleClaim = this.config.get('AUTH_CLAIM_ROLE');
    const roles = roleClaim ? claimAt(payload, roleClaim) : undefined;
    return {
      username: claim('username'),
      displayName: claim('name'),
      email: claim('email'),
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
  private keys(provider: IdentityProvider): Promise<KeySet> {
    const id = provider.jwksUrl ?? `discovery:${provider.issuer}`;
    const known = this.keySets.get(id);
    if (known) return known;
    const keySet = this.jwksUrl(provider).then(
      (url) =>
        createRemoteJWKSet(url, {
          cooldownDuration: this.config.get('AUTH_JWKS_COOLDOWN') * 1000,
          cacheMaxAge: 10 * 60 * 1000,
          timeoutDuration: 5000,
        }),
      (error: unknown) => {
        this.keySets.delete(id);
        this.logger.warn(`OpenID discovery failed: ${String(error)}`);
        throw error;
      },
    );
    this.keySets.set(id, keySet);
    return keySet;
  }

  private async jwksUrl(provider: IdentityProvider): Promise<URL> {
    if (provider.jwksUrl) return new URL(provider.jwksUrl);
    const discoveryIssuer =
      provider.organizationId === DEFAULT_ORGANIZATION_ID && provider.issuer === this.issuer ? this.config.get('AUTH_OIDC_ISSUER') : provider.issuer;
    if (!discoveryIssuer) throw new Error('no JWK set address and no issuer to discover it from');
    const issuer = discoveryIssuer.replace(/\/+$/, '');
    const response = await fetch(`${issuer}/.well-known/openid-configuration`, { signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`discovery answered ${response.status}`);
    const { jwks_uri: jwksUri } = (await response.json()) as { jwks_uri?: unknown };
    if (typeof jwksUri !== 'string') throw new Error('discovery document has no jwks_uri');
    return new URL(jwksUri);
  }
}
