import { ApiProperty } from '@nestjs/swagger';
import { LtiPlatform } from '../store/entities/lti-platform.entity';

/** What an administrator pastes into the LMS (docs/lti.md). */
export class LtiToolConfigResponse {
  /** OpenID Connect initiation (login) URL: GET or POST. */
  login_url: string;
  /** Target link URI and redirect URI: where launches and deep-linking requests are posted. */
  launch_url: string;
  /** Parley's public key set (JWKS) URL for this organization. */
  jwks_url: string;
  /** The host name, for LMSs that ask for a tool domain. */
  domain: string;
  /** The scopes to grant (the course roster). */
  scopes: string[];
}

export class LtiPlatformResponse {
  id: string;
  name: string;
  issuer: string;
  client_id: string;
  deployment_ids: string[];
  authorization_endpoint: string;
  jwks_url: string;
  @ApiProperty({ type: String, nullable: true })
  token_endpoint: string | null;
  /** The tool's URLs to give this platform (the same for every platform of the organization). */
  tool: LtiToolConfigResponse;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: string;
}

export class LtiPlatformListResponse {
  results: LtiPlatformResponse[];
}

export class LtiKeyRotatedResponse {
  /** The new signing key's id (the older keys stay published). */
  kid: string;
}

export class LtiRegistrationInviteResponse {
  /** The dynamic registration URL to paste into the LMS (works for an hour). */
  registration_url: string;
  @ApiProperty({ type: String, format: 'date-time' })
  expires_at: string;
}

export class LtiJwksResponse {
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  keys: Record<string, unknown>[];
}

export function toLtiPlatformResponse(p: LtiPlatform, tool: LtiToolConfigResponse): LtiPlatformResponse {
  return {
    id: p.id,
    name: p.name,
    issuer: p.issuer,
    client_id: p.clientId,
    deployment_ids: p.deploymentIds,
    authorization_endpoint: p.authorizationEndpoint,
    jwks_url: p.jwksUrl,
    token_endpoint: p.tokenEndpoint,
    tool,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}
