import { DEFAULT_ORGANIZATION_ID } from './organization-scope';

/**
 * Every table that holds an organization's data: each has `organization_id` (NOT NULL, a foreign key
 * to `organizations`, defaulting to the connection's organization: parley_new_row_organization()) and the `organization_isolation`
 * row-level security policy. The Organizations migration applies `scopeTableSql` to each of its
 * list; a table made later calls it in its own migration and joins ORGANIZATION_SCOPED_TABLES. `test/organizations-schema.e2e-spec.ts`
 * fails on a table that is in neither this list nor UNSCOPED_TABLES.
 */
export const SCOPED_BY_ORGANIZATIONS_MIGRATION = [
  // Made by migrations before Organizations (1796900000040-050), scoped by it like the rest.
  'legal_holds',
  'legal_hold_users',
  'legal_hold_rooms',
  'legal_hold_messages',
  'compliance_exports',
  'content_rules',
  'users',
  'user_sessions',
  'refresh_tokens',
  'user_suspensions',
  'user_blocks',
  'rooms',
  'room_members',
  'room_bans',
  'invitations',
  'slow_mode_marks',
  'messages',
  'message_revisions',
  'message_reactions',
  'message_mentions',
  'uploads',
  'reports',
  'audit_log',
  'api_keys',
  'external_rooms',
  'external_identities',
  'webhook_endpoints',
  'webhook_deliveries',
  'notification_devices',
  'notification_settings',
  'notification_room_settings',
  'notifications',
  'notification_plans',
] as const;

/**
 * Every organization-scoped table: the Organizations migration's (a fixed list, since a migration
 * must do on a fresh database what it did when written), then each later one, added here by the
 * migration that makes it and calls `scopeTableSql`.
 */
export const ORGANIZATION_SCOPED_TABLES: readonly string[] = [
  ...SCOPED_BY_ORGANIZATIONS_MIGRATION,
  'scim_users',
  'scim_groups',
  'sign_in_handoffs',
  'sign_in_providers',
  'sign_in_requests',
  'sign_in_idp_sessions',
  'sign_in_replays',
  // 1796900000400-Lti
  'lti_tool_keys',
  'lti_platforms',
  'lti_launch_states',
  'lti_contexts',
];

/** The tables that are not an organization's, and why. */
export const UNSCOPED_TABLES: Record<string, string> = {
  organizations: 'the organizations themselves: read by slug at sign-in, written only by operators (OrganizationsService)',
  typeorm_migrations: "the schema's history, the deployment's and not an organization's",
};

/** Visible and writable: rows of the connection's organization, or every row in system scope. */
const ISOLATION = `organization_id = (SELECT parley_organization()) OR (SELECT parley_system_scope())`;

/**
 * Makes `table` an organization's: existing rows go to the default organization (a constant
 * default, so PostgreSQL adds the column without rewriting the table), new rows to the
 * connection's organization.
 */
export function scopeTableSql(table: string): string[] {
  return [
    `ALTER TABLE "${table}" ADD "organization_id" uuid NOT NULL DEFAULT '${DEFAULT_ORGANIZATION_ID}'`,
    `ALTER TABLE "${table}" ALTER COLUMN "organization_id" SET DEFAULT parley_new_row_organization()`,
    `ALTER TABLE "${table}" ADD CONSTRAINT "fk_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id")`,
    `ALTER TABLE "${table}" ENABLE ROW LEVEL SECURITY`,
    `ALTER TABLE "${table}" FORCE ROW LEVEL SECURITY`,
    `CREATE POLICY "organization_isolation" ON "${table}" USING (${ISOLATION}) WITH CHECK (${ISOLATION})`,
  ];
}

/** The reverse of `scopeTableSql`. */
export function unscopeTableSql(table: string): string[] {
  return [
    `DROP POLICY "organization_isolation" ON "${table}"`,
    `ALTER TABLE "${table}" NO FORCE ROW LEVEL SECURITY`,
    `ALTER TABLE "${table}" DISABLE ROW LEVEL SECURITY`,
    `ALTER TABLE "${table}" DROP CONSTRAINT "fk_organization"`,
    `ALTER TABLE "${table}" DROP COLUMN "organization_id"`,
  ];
}
