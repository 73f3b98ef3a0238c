import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { newId } from '../../core/database/uuid';
import { FieldValidationError } from '../../core/errors/domain-error';
import { ltiLaunchNotValid, ltiPlatformFailed } from '../../core/errors/errors';
import { Policy } from '../../core/policy/policy';
import { LtiRegistrationDto } from './dto/lti-launch.dto';
import { LtiRegistrationInviteResponse } from './dto/lti.response';
import { CLAIM, DEEP_LINKING_REQUEST } from './lti-constants';
import { htmlPage, LtiPage } from './lti-html';
import { LtiKeys } from './lti-keys.service';
import { LtiPlatformsService } from './lti-platforms.service';
import { LtiUrls, NRPS_SCOPE } from './lti-urls';

const INVITE_AUDIENCE = 'parley:lti-dynamic-registration';
const INVITE_SECONDS = 3600;
const TIMEOUT_MS = 15_000;
const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

interface PlatformConfiguration {
  issuer?: unknown;
  authorization_endpoint?: unknown;
  token_endpoint?: unknown;
  jwks_uri?: unknown;
  registration_endpoint?: unknown;
  'https://purl.imsglobal.org/spec/lti-platform-configuration'?: { product_family_code?: unknown };
}

/**
 * LTI Dynamic Registration 1.0 (docs/lti.md): an admin makes a registration URL (signed by the
 * organization's key, an hour long); the LMS opens it with its `openid_configuration` and a
 * `registration_token`; Parley reads the configuration, posts its client registration to the
 * platform's registration endpoint, and stores the platform the answer describes.
 */
@Injectable()
export class LtiDynamicRegistrationService {
  constructor(
    private readonly keys: LtiKeys,
    private readonly platforms: LtiPlatformsService,
  ) {}

  async invite(user: AuthUser, urls: LtiUrls): Promise<LtiRegistrationInviteResponse> {
    Policy.require(user, 'lti.manage');
    const now = Math.floor(Date.now() / 1000);
    const invite = await this.keys.sign({ aud: INVITE_AUDIENCE, sub: user.id, iat: now, exp: now + INVITE_SECONDS });
    return { registration_url: `${urls.register}?invite=${invite}`, expires_at: new Date((now + INVITE_SECONDS) * 1000).toISOString() };
  }

  /** The page the LMS opened: registers, then asks the LMS to close it (`org.imsglobal.lti.close`). */
  async register(dto: LtiRegistrationDto, urls: LtiUrls): Promise<LtiPage> {
    const invite = await this.keys.verifyOwn(dto.invite, INVITE_AUDIENCE);
    if (!invite) throw ltiLaunchNotValid('the registration URL expired or is not one an administrator of this organization made.');
    const configUrl = this.url(dto.openid_configuration, 'openid_configuration');
    await this.platforms.checkUrls({ openid_configuration: configUrl.toString() });
    const config = (await this.fetchJson(configUrl, {})) as PlatformConfiguration;
    const issuer = text(config.issuer);
    const registrationEndpoint = text(config.registration_endpoint);
    const authorization = text(config.authorization_endpoint);
    const jwks = text(config.jwks_uri);
    if (!issuer || !registrationEndpoint || !authorization || !jwks) {
      throw ltiPlatformFailed('the openid configuration lacks issuer, registration_endpoint, authorization_endpoint or jwks_uri.');
    }
    // The configuration must come from the issuer itself (Dynamic Registration 3.5.1).
    if (!configUrl.toString().startsWith(issuer.replace(/\/?$/, ''))) throw ltiPlatformFailed('the openid configuration is not under its issuer.');
    const tokenEndpoint = text(config.token_endpoint) ?? null;
    await this.platforms.checkUrls({ authorization_endpoint: authorization, jwks_url: jwks, token_endpoint: tokenEndpoint });
    await this.platforms.checkUrls({ registration_endpoint: registrationEndpoint });
    const answer = (await this.fetchJson(new URL(registrationEndpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(dto.registration_token ? { authorization: `Bearer ${dto.registration_token}` } : {}) },
      body: JSON.stringify(this.clientRegistration(urls)),
    })) as Record<string, unknown>;
    const clientId = text(answer.client_id);
    if (!clientId) throw ltiPlatformFailed('the registration answer has no client_id.');
    const toolConfiguration = (answer[CLAIM.toolConfiguration] ?? {}) as Record<string, unknown>;
    const deploymentId = text(toolConfiguration.deployment_id);
    await this.platforms.insert(null, {
      id: newId(),
      name: 'Dynamic registration',
      issuer: issuer.slice(0, 255),
      clientId: clientId.slice(0, 255),
      deploymentIds: deploymentId ? [deploymentId.slice(0, 255)] : [],
      authorizationEndpoint: authorization,
      jwksUrl: jwks,
      tokenEndpoint,
    });
    return htmlPage(
      'Parley is registered',
      `<h1>Parley is registered</h1><p>You can close this window.</p>`,
      `(window.opener || window.parent).postMessage({ subject: 'org.imsglobal.lti.close' }, '*')`,
    );
  }

  /** What Parley asks the platform to register (Dynamic Registration 3.5.2, the tool's client registration). */
  private clientRegistration(urls: LtiUrls) {
    return {
      application_type: 'web',
      response_types: ['id_token'],
      grant_types: ['implicit', 'client_credentials'],
      initiate_login_uri: urls.login,
      redirect_uris: [urls.launch],
      client_name: 'Parley',
      jwks_uri: urls.jwks,
      token_endpoint_auth_method: 'private_key_jwt',
      scope: NRPS_SCOPE,
      [CLAIM.toolConfiguration]: {
        domain: new URL(urls.base).host,
        target_link_uri: urls.launch,
        description: 'Course chat rooms',
        claims: ['iss', 'sub', 'name', 'given_name', 'family_name', 'email'],
        messages: [{ type: DEEP_LINKING_REQUEST, target_link_uri: urls.launch, label: 'Parley room' }],
      },
    };
  }

  private url(value: string, field: string): URL {
    try {
      const url = new URL(value);
      if (url.protocol === 'https:' || url.protocol === 'http:') return url;
    } catch {
      // below
    }
    throw FieldValidationError.of(field, 'Enter a valid URL.');
  }

  private async fetchJson(url: URL, init: RequestInit): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        headers: { accept: 'application/json', ...(init.headers ?? {}) },
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'error',
      });
    } catch {
      throw ltiPlatformFailed(`${url.origin} could not be reached.`);
    }
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok || !body || typeof body !== 'object') throw ltiPlatformFailed(`${url.origin} answered ${res.status}.`);
    return body;
  }
}
