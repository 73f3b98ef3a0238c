import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { OrganizationScope } from '../../core/database/organization-scope';
import { FieldValidationError } from '../../core/errors/domain-error';
import { organizationNotFound, signInNotConfigured } from '../../core/errors/errors';
import { OrganizationsRepository } from '../../core/organizations/store/organizations.repository';
import { Policy } from '../../core/policy/policy';
import { OidcProviderDto, SamlProviderDto } from './dto/sign-in-provider.dto';
import { OidcProviderResponse, SamlProviderResponse, toOidcResponse, toSamlResponse } from './dto/sign-in-provider.response';
import { DEFAULT_OIDC_CLAIMS, DEFAULT_SAML_ATTRIBUTES, mappingOf } from './profile-mapping';
import { SecretBox } from './secret-box';
import { SignInUrls } from './sign-in-urls';
import { OidcProviderConfig, SamlProviderConfig, SignInProtocol, SignInProvider } from './store/entities/sign-in-provider.entity';
import { bareCertificate } from './saml-certificates';
import { SignInProvidersRepository } from './store/sign-in-providers.repository';

const DEFAULT_SCOPES = ['openid', 'profile', 'email'];

/** http is for a provider on this machine only (development, tests); anything else speaks https. */
export function isLoopbackHttp(raw: string): boolean {
  const url = new URL(raw);
  return url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}

/**
 * An organization's identity providers for browser sign-in (docs/sign-in.md), managed by its
 * admins (and the deployment's operators): one OpenID Connect and one SAML provider at most.
 * Answers carry the values to paste into the provider; the OIDC client secret is stored
 * encrypted and never answered.
 */
@Injectable()
export class SignInProvidersService {
  constructor(
    private readonly providers: SignInProvidersRepository,
    private readonly organizations: OrganizationsRepository,
    private readonly secrets: SecretBox,
  ) {}

  async getOidc(viewer: AuthUser, organizationId: string, origin: string): Promise<OidcProviderResponse> {
    return this.inOrganization(viewer, organizationId, origin, async (urls) => toOidcResponse(await this.require('oidc'), urls));
  }

  async putOidc(viewer: AuthUser, organizationId: string, dto: OidcProviderDto, origin: string): Promise<OidcProviderResponse> {
    if (!dto.issuer.startsWith('https://') && !isLoopbackHttp(dto.issuer)) throw FieldValidationError.of('issuer', 'Must be an https:// URL.');
    return this.inOrganization(viewer, organizationId, origin, async (urls) => {
      const config: OidcProviderConfig = {
        issuer: dto.issuer.replace(/\/+$/, ''),
        client_id: dto.client_id,
        scopes: [...new Set(['openid', ...(dto.scopes ?? DEFAULT_SCOPES)])],
        claims: mappingOf(dto.claims, DEFAULT_OIDC_CLAIMS),
      };
      const secret = dto.client_secret === undefined ? undefined : dto.client_secret === null ? null : this.secrets.seal(dto.client_secret);
      return toOidcResponse(await this.providers.put('oidc', { enabled: dto.enabled ?? true, config, secret }), urls);
    });
  }

  async getSaml(viewer: AuthUser, organizationId: string, origin: string): Promise<SamlProviderResponse> {
    return this.inOrganization(viewer, organizationId, origin, async (urls) => toSamlResponse(await this.require('saml'), urls));
  }

  async putSaml(viewer: AuthUser, organizationId: string, dto: SamlProviderDto, origin: string): Promise<SamlProviderResponse> {
    if (!dto.sso_url.startsWith('https://') && !isLoopbackHttp(dto.sso_url)) throw FieldValidationError.of('sso_url', 'Must be an https:// URL.');
    const certificates = dto.idp_certificates.map(bareCertificate);
    if (certificates.some((c) => !c)) throw FieldValidationError.of('idp_certificates', 'Each must be a PEM certificate or its base64 body.');
    return this.inOrganization(viewer, organizationId, origin, async (urls) => {
      const config: SamlProviderConfig = {
        idp_entity_id: dto.idp_entity_id,
        sso_url: dto.sso_url,
        idp_certificates: certificates as string[],
        attributes: mappingOf(dto.attributes, DEFAULT_SAML_ATTRIBUTES),
      };
      return toSamlResponse(await this.providers.put('saml', { enabled: dto.enabled ?? true, config }), urls);
    });
  }

  async remove(viewer: AuthUser, organizationId: string, protocol: SignInProtocol, origin: string): Promise<void> {
    await this.inOrganization(viewer, organizationId, origin, async () => {
      if (!(await this.providers.remove(protocol))) throw signInNotConfigured(protocol);
    });
  }

  private async require(protocol: SignInProtocol): Promise<SignInProvider> {
    const provider = await this.providers.find(protocol);
    if (!provider) throw signInNotConfigured(protocol);
    return provider;
  }

  /** Runs `work` in the organization, for its admins and the operators (others: 403, or 404 for another organization). */
  private async inOrganization<T>(viewer: AuthUser, organizationId: string, origin: string, work: (urls: SignInUrls) => Promise<T>): Promise<T> {
    Policy.require(viewer, 'organizations.manage', { organizationId });
    const organization = await this.organizations.findById(organizationId);
    if (!organization) throw organizationNotFound();
    return OrganizationScope.run(organization.id, () => work(new SignInUrls(origin, organization.slug)));
  }
}
