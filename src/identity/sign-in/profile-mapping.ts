import type { ExternalProfile } from '../auth/external/external-users.service';
import type { ProfileMapping } from './store/entities/sign-in-provider.entity';
import type { ProfileMappingDto } from './dto/sign-in-provider.dto';

export const DEFAULT_OIDC_CLAIMS: ProfileMapping = { username: 'preferred_username', display_name: 'name', email: 'email' };
export const DEFAULT_SAML_ATTRIBUTES: ProfileMapping = { username: 'username', display_name: 'displayName', email: 'email' };

export function mappingOf(dto: ProfileMappingDto | undefined, defaults: ProfileMapping): ProfileMapping {
  return {
    username: dto?.username ?? defaults.username,
    display_name: dto?.display_name ?? defaults.display_name,
    email: dto?.email ?? defaults.email,
  };
}

/** The first string of a claim or attribute (SAML attributes may be multi-valued). */
function text(value: unknown): string | undefined {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  return typeof first === 'string' && first.trim() ? first.trim() : undefined;
}

/** Parley's profile from an ID token's claims or an assertion's attributes, through the organization's mapping. */
export function profileFrom(values: Record<string, unknown>, mapping: ProfileMapping): ExternalProfile {
  return { username: text(values[mapping.username]), displayName: text(values[mapping.display_name]), email: text(values[mapping.email]) };
}
