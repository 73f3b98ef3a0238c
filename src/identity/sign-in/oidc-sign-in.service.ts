import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { AuthUser } from '../../core/auth/auth-user';
import { DomainError } from '../../core/errors/domain-error';
import { organizationNotFound, signInNotConfigured, signInRefused } from '../../core/errors/errors';
import { OrganizationsRepository } from '../../core/organizations/store/organizations.repository';
import type { ClientInfo } from '../auth/auth.service';
import { AuthService } from '../auth/auth.service';
import { ExternalUsersService } from '../auth/external/external-users.service';
import { OidcLogoutResponse } from './dto/sign-in-provider.response';
import { profileFrom } from './profile-mapping';
import { SecretBox } from './secret-box';
import { SignInHandoff } from './sign-in-handoff.service';
import { SignInUrls } from './sign-in-urls';
import type { OidcProviderConfig, SignInProvider } from './store/entities/sign-in-provider.entity';
import { IdpSessionsRepository } from './store/idp-sessions.repository';
import { SignInProvidersRepository } from './store/sign-in-providers.repository';
import { SignInRequestsRepository } from './store/sign-in-requests.repository';
import { inOrganizationNamed } from '../../core/organizations/in-organization-named';

/** How long a sign-in may stay at the identity provider (a person typing a password, a second factor). */
const PENDING_SECONDS = 600;
/** A logout token older than this is refused, and its `jti` is remembered this long (plus the clock skew). */
const LOGOUT_TOKEN_MAX_AGE_SECONDS = 600;
const CLOCK_SKEW_SECONDS = 60;
const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

interface Discovered {
  configuration: oidc.Configuration;
  keys: ReturnType<typeof createRemoteJWKSet>;
}

/**
 * Browser sign-in through an organization's OpenID Connect provider (docs/sign-in.md): the
 * authorization code flow with PKCE (openid-client), state, nonce and verifier held server side
 * (single use, 10 minutes); the callback creates or matches the user by (issuer, sub) and hands
 * the browser to the web app with a one-time code. RP-initiated logout and back-channel logout
 * (OpenID Connect Back-Channel Logout 1.0) end the Parley logins of the provider's session.
 */
@Injectable()
export class OidcSignIn {
  /** Discovery documents and key sets, per provider version (a changed configuration discovers again). */
  private readonly discovered = new Map<string, Promise<Discovered>>();

  constructor(
    private readonly providers: SignInProvidersRepository,
    private readonly requests: SignInRequestsRepository,
    private readonly idpSessions: IdpSessionsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly externalUsers: ExternalUsersService,
    private readonly auth: AuthService,
    private readonly handoff: SignInHandoff,
    private readonly secrets: SecretBox,
  ) {}

  /** The identity provider's authorization URL for a new sign-in. */
  async login(urls: SignInUrls): Promise<string> {
    return this.inOrganization(urls.slug, async () => {
      const provider = await this.provider();
      const { configuration } = await this.discover(provider);
      const state = oidc.randomState();
      const nonce = oidc.randomNonce();
      const codeVerifier = oidc.randomPKCECodeVerifier();
      await this.requests.insert(provider.id, sha256(state), { nonce, codeVerifier, expiresAt: new Date(Date.now() + PENDING_SECONDS * 1000) });
      const config = provider.config as OidcProviderConfig;
      return oidc
        .buildAuthorizationUrl(configuration, {
          redirect_uri: urls.oidcCallback,
          scope: config.scopes.join(' '),
          state,
          nonce,
          code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
          code_challenge_method: 'S256',
        })
        .toString();
    });
  }

  /** The provider sent the browser back: the web app's address with a handoff code for the signed-in user. */
  async callback(urls: SignInUrls, query: URLSearchParams, client: ClientInfo): Promise<string> {
    return this.inOrganization(urls.slug, async (organizationId) => {
      const provider = await this.provider();
      const state = query.get('state');
      if (!state) throw signInRefused('the answer carries no state');
      // Spent before anything else: a state works once, whatever happens next.
      const pending = await this.requests.take(provider.id, sha256(state));
      if (!pending || pending.expiresAt.getTime() <= Date.now()) throw signInRefused('unknown, used or expired state');
      const error = query.get('error');
      if (error) throw signInRefused(`the identity provider answered "${error.slice(0, 100)}"`);
      const { configuration } = await this.discover(provider);
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(configuration, new URL(`${urls.oidcCallback}?${query.toString()}`), {
          pkceCodeVerifier: pending.codeVerifier ?? undefined,
          expectedState: state,
          expectedNonce: pending.nonce ?? undefined,
          idTokenExpected: true,
        });
      } catch (failure) {
        throw signInRefused(whyRefused(failure));
      }
      const claims = tokens.claims();
      if (!claims) throw signInRefused('no ID token');
      const config = provider.config as OidcProviderConfig;
      const { user } = await this.externalUsers.upsert(claims.iss, claims.sub, profileFrom(claims, config.claims));
      const code = await this.handoff.issue({ id: user.id, organizationId }, client, {
        providerId: provider.id,
        issuer: claims.iss,
        subject: claims.sub,
        sid: typeof claims.sid === 'string' ? claims.sid : null,
        idToken: tokens.id_token ?? null,
      });
      return urls.webAppWithHandoff(code);
    });
  }

  /**
   * RP-initiated logout: ends the caller's login and answers the provider's end_session_endpoint
   * (with `id_token_hint`) for the browser to visit; null when the login did not come from OIDC
   * or the provider has no such endpoint.
   */
  async logout(viewer: AuthUser, origin: string): Promise<OidcLogoutResponse> {
    const link = await this.idpSessions.ofSession(viewer.sessionId);
    await this.auth.endSessions([viewer.sessionId]);
    const provider = link ? await this.providers.find('oidc') : null;
    if (!link || !provider || provider.id !== link.providerId) return { logout_url: null };
    // The login is over either way: a provider that cannot be reached now only loses its logout page.
    const configuration = await this.discover(provider).then(
      (found) => found.configuration,
      () => null,
    );
    if (!configuration?.serverMetadata().end_session_endpoint) return { logout_url: null };
    const organization = await this.organizations.findById(viewer.organizationId!);
    const urls = new SignInUrls(origin, organization?.slug ?? '');
    const parameters: Record<string, string> = {
      post_logout_redirect_uri: urls.webApp,
      client_id: (provider.config as OidcProviderConfig).client_id,
    };
    if (link.idToken) parameters.id_token_hint = link.idToken;
    return { logout_url: oidc.buildEndSessionUrl(configuration, parameters).toString() };
  }

  /**
   * Back-channel logout: the provider POSTs a logout token (OpenID Connect Back-Channel Logout 1.0,
   * 2.6): signed by a key of its key set, `iss` the provider's, `aud` our client id, `iat` recent,
   * the back-channel logout event, `sid` or `sub`, no `nonce`, a `jti` never seen before. Ends the
   * Parley logins of that provider session (or subject) and disconnects their sockets.
   */
  async backchannelLogout(slug: string, logoutToken: string | undefined): Promise<void> {
    await this.inOrganization(slug, async () => {
      const provider = await this.provider();
      if (!logoutToken) throw signInRefused('no logout_token');
      const { configuration, keys } = await this.discover(provider);
      const issuer = configuration.serverMetadata().issuer;
      let claims: JWTPayload;
      try {
        ({ payload: claims } = await jwtVerify(logoutToken, keys, {
          issuer,
          audience: (provider.config as OidcProviderConfig).client_id,
          algorithms: ASYMMETRIC_ALGORITHMS,
          requiredClaims: ['iat', 'jti'],
          maxTokenAge: LOGOUT_TOKEN_MAX_AGE_SECONDS,
          clockTolerance: CLOCK_SKEW_SECONDS,
        }));
      } catch (failure) {
        throw signInRefused(`logout token: ${failure instanceof Error ? failure.message.slice(0, 200) : 'not valid'}`);
      }
      const events = claims.events as Record<string, unknown> | undefined;
      const event = events && typeof events === 'object' ? events[BACKCHANNEL_LOGOUT_EVENT] : undefined;
      if (!event || typeof event !== 'object') throw signInRefused('logout token: no back-channel logout event');
      if ('nonce' in claims) throw signInRefused('logout token: a nonce is not allowed');
      const sid = typeof claims.sid === 'string' ? claims.sid : undefined;
      const sub = typeof claims.sub === 'string' ? claims.sub : undefined;
      if (!sid && !sub) throw signInRefused('logout token: neither sid nor sub');
      const keptUntil = new Date((claims.iat! + LOGOUT_TOKEN_MAX_AGE_SECONDS + CLOCK_SKEW_SECONDS) * 1000);
      if (!(await this.requests.firstSight(provider.id, `jti:${claims.jti!.slice(0, 240)}`, keptUntil))) {
        throw signInRefused('logout token: replayed jti');
      }
      await this.auth.endSessions(await this.idpSessions.sessionsOf(provider.id, issuer, sid, sub));
    });
  }

  private inOrganization<T>(slug: string, work: (organizationId: string) => Promise<T>): Promise<T> {
    return inOrganizationNamed(this.organizations, slug, organizationNotFound, (organization) => work(organization.id));
  }

  private async provider(): Promise<SignInProvider> {
    const provider = await this.providers.find('oidc');
    if (!provider || !provider.enabled) throw signInNotConfigured('oidc');
    return provider;
  }

  private discover(provider: SignInProvider): Promise<Discovered> {
    const key = `${provider.id}:${provider.updatedAt.getTime()}`;
    let found = this.discovered.get(key);
    if (!found) {
      found = this.discoverNow(provider);
      this.discovered.set(key, found);
      found.catch(() => this.discovered.delete(key)); // try again next time
    }
    return found;
  }

  private async discoverNow(provider: SignInProvider): Promise<Discovered> {
    const config = provider.config as OidcProviderConfig;
    const secret = provider.secret ? this.secrets.open(provider.secret) : null;
    const issuer = new URL(config.issuer);
    try {
      const configuration = await oidc.discovery(
        issuer,
        config.client_id,
        undefined,
        secret ? oidc.ClientSecretBasic(secret) : oidc.None(),
        // http only for a loopback provider: the configuration refused anything else (isLoopbackHttp).
        issuer.protocol === 'http:' ? { execute: [oidc.allowInsecureRequests] } : undefined,
      );
      // ID tokens from the token endpoint are checked against the provider's key set too, not only trusted for the TLS channel.
      oidc.enableNonRepudiationChecks(configuration);
      const jwksUri = configuration.serverMetadata().jwks_uri;
      if (!jwksUri) throw new Error('no jwks_uri');
      return { configuration, keys: createRemoteJWKSet(new URL(jwksUri)) };
    } catch (failure) {
      throw new DomainError(
        'service_unavailable',
        `The identity provider could not be reached (${failure instanceof Error ? failure.message.slice(0, 120) : 'discovery failed'}).`,
      );
    }
  }
}

/** Why openid-client refused (the provider's `error` and description when it answered one). */
function whyRefused(failure: unknown): string {
  if (failure instanceof oidc.ResponseBodyError)
    return `the identity provider answered ${failure.error}${failure.error_description ? ` (${failure.error_description})` : ''}`.slice(0, 200);
  return failure instanceof Error ? failure.message.slice(0, 200) : 'the code exchange failed';
}
