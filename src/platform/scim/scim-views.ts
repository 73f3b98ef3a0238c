import { createHash } from 'node:crypto';
import { GROUP_SCHEMA, USER_SCHEMA } from './scim-input';
import type { ScimGroupRow, ScimMemberRow, ScimUserRow } from './store/scim.repository';

type Json = Record<string, unknown>;

/** Where the placeholder addresses of users without a usable email end (src/identity/auth/external). */
const PLACEHOLDER_EMAIL = /@users\.invalid$/;

/** The version of a resource (meta.version and the ETag): a digest of everything it says but its meta. */
export function versionOf(resource: Json): string {
  const { meta: _meta, ...rest } = resource;
  return `W/"${createHash('sha256').update(JSON.stringify(rest)).digest('base64url').slice(0, 22)}"`;
}

function withMeta(resource: Json, meta: { resourceType: string; created: Date; lastModified: Date; location: string }): Json {
  return {
    ...resource,
    meta: { ...meta, created: meta.created.toISOString(), lastModified: meta.lastModified.toISOString(), version: versionOf(resource) },
  };
}

/** A Parley user as a SCIM User (RFC 7643 section 4.1); `base` is the service's URL (…/scim/v2). */
export function toScimUser(row: ScimUserRow, base: string): Json {
  const user: Json = {
    schemas: [USER_SCHEMA],
    id: row.user_id,
    ...(row.external_id !== null ? { externalId: row.external_id } : {}),
    userName: row.user_name,
    name: { givenName: row.first_name, familyName: row.last_name, formatted: `${row.first_name} ${row.last_name}`.trim() },
    displayName: row.display_name,
    ...(PLACEHOLDER_EMAIL.test(row.email) ? {} : { emails: [{ value: row.email, type: 'work', primary: true }] }),
    active: row.active,
  };
  return withMeta(user, { resourceType: 'User', created: row.created_at, lastModified: row.last_modified, location: `${base}/Users/${row.user_id}` });
}

/** A SCIM Group: a Parley room and its members (RFC 7643 section 4.2). */
export function toScimGroup(row: ScimGroupRow, members: ScimMemberRow[], base: string): Json {
  // No members' `$ref` (optional in RFC 7643): the version would then depend on the URL the client used.
  const group: Json = {
    schemas: [GROUP_SCHEMA],
    id: row.room_id,
    ...(row.external_id !== null ? { externalId: row.external_id } : {}),
    displayName: row.display_name,
    members: members.map((m) => ({ value: m.user_id, display: m.display_name, type: 'User' })),
  };
  return withMeta(group, {
    resourceType: 'Group',
    created: row.created_at,
    lastModified: row.last_modified,
    location: `${base}/Groups/${row.room_id}`,
  });
}
