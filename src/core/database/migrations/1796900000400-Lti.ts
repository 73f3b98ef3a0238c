import { MigrationInterface, QueryRunner } from 'typeorm';
import { scopeTableSql, unscopeTableSql } from '../organization-tables';

const TABLES = ['lti_tool_keys', 'lti_platforms', 'lti_launch_states', 'lti_contexts'] as const;

/**
 * LTI 1.3 (docs/lti.md): the organization's own signing keys, the platforms (LMSs) its admins
 * registered, the single-use `state`/`nonce` of logins in progress, and the courses seen in
 * launches (each with its room and its Names and Role Provisioning Services URL). No user
 * foreign keys: users come from the LMS through external identities.
 */
export class Lti1796900000400 implements MigrationInterface {
  name = 'Lti1796900000400';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "lti_tool_keys" ("kid" character varying(64) NOT NULL, "public_jwk" jsonb NOT NULL, "private_key" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_lti_tool_keys" PRIMARY KEY ("kid"))`,
    );
    await q.query(
      `CREATE TABLE "lti_platforms" ("id" uuid NOT NULL, "name" character varying(100) NOT NULL DEFAULT '', "issuer" character varying(255) NOT NULL, "client_id" character varying(255) NOT NULL, "deployment_ids" text array NOT NULL DEFAULT '{}', "authorization_endpoint" character varying(2048) NOT NULL, "jwks_url" character varying(2048) NOT NULL, "token_endpoint" character varying(2048), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_lti_platforms" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "lti_launch_states" ("state_hash" character(64) NOT NULL, "platform_id" uuid NOT NULL, "nonce" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_lti_launch_states" PRIMARY KEY ("state_hash"))`,
    );
    await q.query(
      `CREATE TABLE "lti_contexts" ("platform_id" uuid NOT NULL, "context_id" character varying(255) NOT NULL, "room_id" uuid NOT NULL, "title" character varying(255) NOT NULL DEFAULT '', "deployment_id" character varying(255) NOT NULL, "memberships_url" character varying(2048), "synced_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_lti_contexts" PRIMARY KEY ("platform_id", "context_id"))`,
    );
    for (const table of TABLES) for (const sql of scopeTableSql(table)) await q.query(sql);
    await q.query(`CREATE UNIQUE INDEX "uq_lti_platforms_issuer_client" ON "lti_platforms" ("organization_id", "issuer", "client_id") `);
    await q.query(`CREATE INDEX "ix_lti_tool_keys_created" ON "lti_tool_keys" ("organization_id", "created_at") `);
    await q.query(`CREATE INDEX "ix_lti_launch_states_expires" ON "lti_launch_states" ("organization_id", "expires_at") `);
    await q.query(`CREATE INDEX "ix_lti_contexts_room" ON "lti_contexts" ("organization_id", "room_id") `);
    await q.query(
      `ALTER TABLE "lti_launch_states" ADD CONSTRAINT "fk_lti_launch_states_platform" FOREIGN KEY ("platform_id") REFERENCES "lti_platforms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "lti_contexts" ADD CONSTRAINT "fk_lti_contexts_platform" FOREIGN KEY ("platform_id") REFERENCES "lti_platforms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "lti_contexts" ADD CONSTRAINT "fk_lti_contexts_room" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) {
      for (const sql of unscopeTableSql(table)) await q.query(sql);
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
