import { Injectable } from '@nestjs/common';
import { type CacheProvider, generateServiceProviderMetadata, type Profile, SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { createHash } from 'node:crypto';
import { organizationNotFound, signInNotConfigured, signInRefused } from '../../core/errors/errors';
import { OrganizationsRepository } from '../../core/organizations/store/organizations.repository';
import type { ClientInfo } from '../auth/auth.service';
import { ExternalUsersService } from '../auth/external/external-users.service';
import { profileFrom } from './profile-mapping';
import { SignInHandoff } from './sign-in-handoff.service';
import { SignInUrls } from './sign-in-urls';
import type { SamlProviderConfig, SignInProvider } from './store/entities/sign-in-provider.entity';
import { SignInProvidersRepository } from './store/sign-in-providers.repository';
import { SignInRequestsRepository } from './store/sign-in-requests.repository';
import { inOrganizationNamed } from '../../core/organizations/in-organization-named';

/** How long a sign-in may stay at the identity provider. */
const PENDING_SECONDS = 600;
const CLOCK_SKEW_MS = 60_000;
/** An assertion's ID is remembered until its NotOnOrAfter (at most this long when it names none). */
const REPLAY_WINDOW_MS = 3_600_000;
const NAME_ID_UNSPECIFIED = 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified';
const BEARER = 'urn:oasis:names:tc:SAML:2.0:cm:bearer';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** xml2js's shape of the parts of an assertion read here (prefixes stripped by node-saml). */
interface ParsedAssertion {
  Assertion: {
    $?: { ID?: string };
    Subject?: {
      SubjectConfirmation?: { $?: { Method?: string }; SubjectConfirmationData?: { $?: { Recipient?: string; NotOnOrAfter?: string } }[] }[];
    }[];
    Conditions?: { $?: { NotOnOrAfter?: string } }[];
  };
}

/**
 * Browser sign-in through an organization's SAML 2.0 identity provider (docs/sign-in.md), as a
 * service provider built on node-saml: SP metadata, an AuthnRequest by HTTP-Redirect, the
 * assertion consumer service by HTTP-POST. Refused: a response whose response or assertion is not
 * signed by the configured certificate, another audience, another recipient, past NotOnOrAfter,
 * an InResponseTo of no pending request (each request id works once), another issuer, and an
 * assertion ID seen before. Attributes map to the profile as OIDC claims do; then the same handoff.
 */
@Injectable()
export class SamlSignIn {
  constructor(
    private readonly providers: SignInProvidersRepository,
    private readonly requests: SignInRequestsRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly externalUsers: ExternalUsersService,
    private readonly handoff: SignInHandoff,
  ) {}

  /** Parley's service provider metadata for the organization (served whether or not its provider is set yet). */
  async metadata(urls: SignInUrls): Promise<string> {
    return this.inOrganization(urls.slug, async () =>
      generateServiceProviderMetadata({
        issuer: urls.samlMetadata,
        callbackUrl: urls.samlAcs,
        identifierFormat: NAME_ID_UNSPECIFIED,
        wantAssertionsSigned: true,
      }),
    );
  }

  /** The identity provider's single sign-on URL carrying a new AuthnRequest (its ID held as pending). */
  async login(urls: SignInUrls): Promise<string> {
    return this.inOrganization(urls.slug, async () => {
      const provider = await this.provider();
      return this.saml(provider, urls).getAuthorizeUrlAsync('', undefined, {});
    });
  }

  /** The identity provider posted its response: the web app's address with a handoff code. */
  async acs(urls: SignInUrls, samlResponse: string | undefined, client: ClientInfo): Promise<string> {
    return this.inOrganization(urls.slug, async (organizationId) => {
      const provider = await this.provider();
      if (!samlResponse) throw signInRefused('no SAMLResponse');
      const config = provider.config as SamlProviderConfig;
      let profile: Profile | null;
      try {
        ({ profile } = await this.saml(provider, urls).validatePostResponseAsync({ SAMLResponse: samlResponse }));
      } catch (failure) {
        throw signInRefused(failure instanceof Error ? failure.message.slice(0, 200) : 'the response is not valid');
      }
      if (!profile || !profile.nameID) throw signInRefused('no assertion');
      if (profile.issuer !== config.idp_entity_id) throw signInRefused('the assertion comes from another issuer');
      const assertion = profile.getAssertion?.() as ParsedAssertion | undefined;
      const id = assertion?.Assertion.$?.ID;
      if (!assertion || !id) throw signInRefused('the assertion has no ID');
      requireRecipient(assertion, urls.samlAcs);
      if (!(await this.requests.firstSight(provider.id, `assertion:${id.slice(0, 230)}`, replayGuardUntil(assertion)))) {
        throw signInRefused('replayed assertion');
      }
      const { user } = await this.externalUsers.upsert(
        config.idp_entity_id,
        profile.nameID,
        profileFrom((profile.attributes as Record<string, unknown>) ?? {}, config.attributes),
      );
      const code = await this.handoff.issue({ id: user.id, organizationId }, client, {
        providerId: provider.id,
        issuer: config.idp_entity_id,
        subject: profile.nameID,
        sid: profile.sessionIndex ?? null,
        idToken: null,
      });
      return urls.webAppWithHandoff(code);
    });
  }

  private saml(provider: SignInProvider, urls: SignInUrls): SAML {
    const config = provider.config as SamlProviderConfig;
    return new SAML({
      issuer: urls.samlMetadata,
      audience: urls.samlMetadata,
      callbackUrl: urls.samlAcs,
      entryPoint: config.sso_url,
      idpCert: config.idp_certificates,
      idpIssuer: config.idp_entity_id,
      // Signed responses or signed assertions: node-saml then requires the assertion's own signature whenever the response's is missing.
      wantAuthnResponseSigned: false,
      wantAssertionsSigned: false,
      validateInResponseTo: ValidateInResponseTo.always,
      requestIdExpirationPeriodMs: PENDING_SECONDS * 1000,
      cacheProvider: this.pendingRequests(provider.id),
      acceptedClockSkewMs: CLOCK_SKEW_MS,
      identifierFormat: NAME_ID_UNSPECIFIED,
      disableRequestedAuthnContext: true,
      signatureAlgorithm: 'sha256',
    });
  }

  /** node-saml's store of AuthnRequest ids, kept as pending sign-ins (hashed, single use, expiring). */
  private pendingRequests(providerId: string): CacheProvider {
    return {
      saveAsync: async (key, value) => {
        await this.requests.insert(providerId, sha256(key), {
          nonce: null,
          codeVerifier: null,
          expiresAt: new Date(Date.now() + PENDING_SECONDS * 1000),
        });
        return { value, createdAt: Date.now() };
      },
      // node-saml reads the value as the request's time (its own expiry check).
      getAsync: async (key) => (await this.requests.pendingSince(providerId, sha256(key)))?.toISOString() ?? null,
      removeAsync: async (key) => (key && (await this.requests.take(providerId, sha256(key))) ? key : null),
    };
  }

  private inOrganization<T>(slug: string, work: (organizationId: string) => Promise<T>): Promise<T> {
    return inOrganizationNamed(this.organizations, slug, organizationNotFound, (organization) => work(organization.id));
  }

  private async provider(): Promise<SignInProvider> {
    const provider = await this.providers.find('saml');
    if (!provider || !provider.enabled) throw signInNotConfigured('saml');
    return provider;
  }
}

/** The bearer confirmation must name this assertion consumer service as its Recipient (SAML profiles, 4.1.4.2). */
function requireRecipient(assertion: ParsedAssertion, acsUrl: string): void {
  const confirmations = assertion.Assertion.Subject?.[0]?.SubjectConfirmation ?? [];
  const bearer = confirmations.filter((c) => c.$?.Method === BEARER);
  if (bearer.length === 0) throw signInRefused('no bearer subject confirmation');
  const recipients = bearer.flatMap((c) => c.SubjectConfirmationData ?? []).map((data) => data.$?.Recipient);
  if (!recipients.includes(acsUrl)) throw signInRefused('the assertion is for another recipient');
}

/** Until when an assertion could be presented again: its latest NotOnOrAfter (plus the clock skew), at most an hour. */
function replayGuardUntil(assertion: ParsedAssertion): Date {
  const times = [
    assertion.Assertion.Conditions?.[0]?.$?.NotOnOrAfter,
    ...(assertion.Assertion.Subject?.[0]?.SubjectConfirmation ?? []).flatMap((c) => (c.SubjectConfirmationData ?? []).map((d) => d.$?.NotOnOrAfter)),
  ]
    .map((t) => (t ? Date.parse(t) : NaN))
    .filter((t) => Number.isFinite(t));
  const latest = Date.now() + REPLAY_WINDOW_MS;
  return new Date(Math.min(latest, Math.max(...times, Date.now()) + CLOCK_SKEW_MS));
}
