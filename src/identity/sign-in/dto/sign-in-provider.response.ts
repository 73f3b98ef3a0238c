import { ApiProperty } from '@nestjs/swagger';
import type { SignInUrls } from '../sign-in-urls';
import type { OidcProviderConfig, SamlProviderConfig, SignInProvider } from '../store/entities/sign-in-provider.entity';

export class ProfileMappingResponse {
  username: string;
  display_name: string;
  email: string;
}

/** An OIDC provider as configured, with the values to paste into it (the client secret is never answered). */
export class OidcProviderResponse {
  issuer: string;
  client_id: string;
  has_client_secret: boolean;
  scopes: string[];
  claims: ProfileMappingResponse;
  enabled: boolean;
  /** Where people start signing in (a link or button of the organization's portal). */
  login_url: string;
  /** The redirect (sign-in callback) URI to register at the provider. */
  redirect_uri: string;
  /** The back-channel logout URI to register at the provider. */
  backchannel_logout_uri: string;
  /** The post-logout redirect URI to register at the provider. */
  post_logout_redirect_uri: string;
  @ApiProperty({ format: 'date-time' })
  updated_at: string;
}

/** A SAML provider as configured, with the service provider's values to paste into it. */
export class SamlProviderResponse {
  idp_entity_id: string;
  sso_url: string;
  idp_certificates: string[];
  attributes: ProfileMappingResponse;
  enabled: boolean;
  login_url: string;
  /** Parley's entity id (the audience of assertions). */
  sp_entity_id: string;
  /** The assertion consumer service URL (HTTP-POST binding). */
  acs_url: string;
  /** Parley's SP metadata, for providers that import it. */
  metadata_url: string;
  @ApiProperty({ format: 'date-time' })
  updated_at: string;
}

/** Where the browser goes to end the identity provider's session too (null: the login did not come from OIDC). */
export class OidcLogoutResponse {
  @ApiProperty({ type: String, nullable: true })
  logout_url: string | null;
}

export function toOidcResponse(provider: SignInProvider, urls: SignInUrls): OidcProviderResponse {
  const config = provider.config as OidcProviderConfig;
  return {
    issuer: config.issuer,
    client_id: config.client_id,
    has_client_secret: provider.secret !== null,
    scopes: config.scopes,
    claims: config.claims,
    enabled: provider.enabled,
    login_url: urls.oidcLogin,
    redirect_uri: urls.oidcCallback,
    backchannel_logout_uri: urls.oidcBackchannelLogout,
    post_logout_redirect_uri: urls.webApp,
    updated_at: provider.updatedAt.toISOString(),
  };
}

export function toSamlResponse(provider: SignInProvider, urls: SignInUrls): SamlProviderResponse {
  const config = provider.config as SamlProviderConfig;
  return {
    idp_entity_id: config.idp_entity_id,
    sso_url: config.sso_url,
    idp_certificates: config.idp_certificates,
    attributes: config.attributes,
    enabled: provider.enabled,
    login_url: urls.samlLogin,
    sp_entity_id: urls.samlMetadata,
    acs_url: urls.samlAcs,
    metadata_url: urls.samlMetadata,
    updated_at: provider.updatedAt.toISOString(),
  };
}
