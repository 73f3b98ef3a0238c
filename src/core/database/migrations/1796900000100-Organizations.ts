import { MigrationInterface, QueryRunner } from 'typeorm';
import { APP_ROLE, DEFAULT_ORGANIZATION_ID, DEFAULT_ORGANIZATION_SLUG } from '../organization-scope';
import { SCOPED_BY_ORGANIZATIONS_MIGRATION, scopeTableSql, unscopeTableSql } from '../organization-tables';

/** Unique keys that hold within an organization (two schools may each have a "jsmith" and a "general" room). */
const PER_ORGANIZATION_UNIQUES: [index: string, table: string, columns: string][] = [
  ['uq_users_username', 'users', '"username"'],
  ['uq_users_email', 'users', '"email"'],
  ['uq_rooms_slug', 'rooms', '"slug"'],
  ['uq_external_identities_issuer_subject', 'external_identities', '"issuer", "subject"'],
];

/** The webhook outbox's trigger helper: endpoints of the changed row's organization only, even in system scope. */
const webhookRecord = (
  scoped: boolean,
) => `CREATE OR REPLACE FUNCTION webhook_record(event_type text, subjects jsonb[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO webhook_deliveries (id, endpoint_id, event_type, subject${scoped ? ', organization_id' : ''})
  SELECT webhook_uuid7(), e.id, event_type, s${scoped ? ', e.organization_id' : ''}
    FROM unnest(subjects) AS s CROSS JOIN webhook_endpoints e
   WHERE e.enabled AND (cardinality(e.event_types) = 0 OR event_type = ANY (e.event_types))${scoped ? ' AND e.organization_id = parley_organization()' : ''}
$$`;

/**
 * Organizations (docs/organizations.md): the `organizations` table with the default organization,
 * `organization_id` and a row-level security policy on every organization's table (existing rows
 * go to the default organization), unique keys per organization, and the `parley_app` role the
 * application acts as: no BYPASSRLS, owns nothing, may read and write rows. Roles are the
 * cluster's, not the database's: made once, whichever database migrates first.
 */
export class Organizations1796900000100 implements MigrationInterface {
  name = 'Organizations1796900000100';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`SELECT set_config('parley.system', 'on', true)`);
    await q.query(
      `CREATE TABLE "organizations" ("id" uuid NOT NULL, "slug" character varying(64) NOT NULL, "name" character varying(150) NOT NULL, "settings" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_organizations" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "uq_organizations_slug" ON "organizations" ("slug") `);
    await q.query(`INSERT INTO "organizations" ("id", "slug", "name") VALUES ($1, $2, 'Default')`, [
      DEFAULT_ORGANIZATION_ID,
      DEFAULT_ORGANIZATION_SLUG,
    ]);
    await q.query(`CREATE FUNCTION parley_organization() RETURNS uuid LANGUAGE sql STABLE AS $$
      SELECT nullif(current_setting('parley.organization_id', true), '')::uuid $$`);
    await q.query(`CREATE FUNCTION parley_system_scope() RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT coalesce(current_setting('parley.system', true), '') = 'on' $$`);
    // A new row's organization when the INSERT names none: the connection's; none in system scope (a worker
    // writing across organizations names each row's); the default organization on a connection that set
    // neither, which only the owner's own connections do (migrations, psql): the application role's
    // unscoped connections are refused by the policy's WITH CHECK anyway.
    await q.query(`CREATE FUNCTION parley_new_row_organization() RETURNS uuid LANGUAGE sql STABLE AS $$
      SELECT CASE WHEN parley_system_scope() THEN parley_organization()
                  ELSE coalesce(parley_organization(), '${DEFAULT_ORGANIZATION_ID}'::uuid) END $$`);
    for (const table of SCOPED_BY_ORGANIZATIONS_MIGRATION) for (const sql of scopeTableSql(table)) await q.query(sql);
    for (const [index, table, columns] of PER_ORGANIZATION_UNIQUES) {
      await q.query(`DROP INDEX "public"."${index}"`);
      await q.query(`CREATE UNIQUE INDEX "${index}" ON "${table}" ("organization_id", ${columns}) `);
    }
    await q.query(webhookRecord(true));
    await q.query(`DO $$ BEGIN CREATE ROLE ${APP_ROLE} NOLOGIN; EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END $$`);
    // The migrating role must be able to SET ROLE to it (a superuser can anyway; a CREATEROLE owner needs the grant).
    await q.query(`DO $$ BEGIN EXECUTE format('GRANT ${APP_ROLE} TO %I', current_user); EXCEPTION WHEN others THEN NULL; END $$`);
    await q.query(`GRANT USAGE ON SCHEMA public TO ${APP_ROLE}`);
    await q.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${APP_ROLE}`);
    await q.query(`GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${APP_ROLE}`);
    // Tables of later migrations (made by the same owner) are the role's to use too; their policies are theirs to add.
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${APP_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO ${APP_ROLE}`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE USAGE, SELECT ON SEQUENCES FROM ${APP_ROLE}`);
    await q.query(`ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE ALL ON ALL TABLES IN SCHEMA public FROM ${APP_ROLE}`);
    await q.query(`REVOKE USAGE ON SCHEMA public FROM ${APP_ROLE}`);
    await q.query(webhookRecord(false));
    for (const [index, table, columns] of PER_ORGANIZATION_UNIQUES) {
      await q.query(`DROP INDEX "public"."${index}"`);
      await q.query(`CREATE UNIQUE INDEX "${index}" ON "${table}" (${columns}) `);
    }
    for (const table of [...SCOPED_BY_ORGANIZATIONS_MIGRATION].reverse()) for (const sql of unscopeTableSql(table)) await q.query(sql);
    await q.query(`DROP FUNCTION parley_new_row_organization()`);
    await q.query(`DROP FUNCTION parley_system_scope()`);
    await q.query(`DROP FUNCTION parley_organization()`);
    await q.query(`DROP TABLE "organizations"`);
  }
}
