import { MigrationInterface, QueryRunner } from 'typeorm';
import { scopeTableSql, unscopeTableSql } from '../organization-tables';

const TABLES = ['sign_in_providers', 'sign_in_requests', 'sign_in_idp_sessions', 'sign_in_replays'];

/**
 * Browser sign-in through an organization's identity provider (docs/sign-in.md): its OIDC and SAML
 * configuration (one of each per organization, the OIDC client secret encrypted), the pending
 * requests (OIDC state, nonce and PKCE verifier; SAML request ids), single use and expiring, the
 * provider's session behind each Parley login (back-channel logout, RP-initiated logout), and the
 * logout token and assertion ids already seen (replays refused until they expire).
 */
export class SignInProviders1796900000301 implements MigrationInterface {
  name = 'SignInProviders1796900000301';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "sign_in_providers" ("id" uuid NOT NULL, "protocol" character varying(8) NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "config" jsonb NOT NULL DEFAULT '{}', "secret" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_sign_in_providers_protocol" CHECK ("protocol" IN ('oidc', 'saml')), CONSTRAINT "pk_sign_in_providers" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "sign_in_requests" ("id" uuid NOT NULL, "provider_id" uuid NOT NULL, "key_hash" character(64) NOT NULL, "nonce" character varying(128), "code_verifier" character varying(128), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_sign_in_requests" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "sign_in_idp_sessions" ("session_id" uuid NOT NULL, "provider_id" uuid NOT NULL, "issuer" character varying(512) NOT NULL, "subject" character varying(255) NOT NULL, "sid" character varying(255), "id_token" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_sign_in_idp_sessions" PRIMARY KEY ("session_id"))`,
    );
    await q.query(
      `CREATE TABLE "sign_in_replays" ("provider_id" uuid NOT NULL, "value" character varying(255) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_sign_in_replays" PRIMARY KEY ("provider_id", "value"))`,
    );
    for (const table of TABLES) for (const sql of scopeTableSql(table)) await q.query(sql);
    await q.query(`CREATE UNIQUE INDEX "uq_sign_in_providers_protocol" ON "sign_in_providers" ("organization_id", "protocol") `);
    await q.query(`CREATE UNIQUE INDEX "uq_sign_in_requests_key" ON "sign_in_requests" ("organization_id", "provider_id", "key_hash") `);
    await q.query(`CREATE INDEX "ix_sign_in_requests_provider" ON "sign_in_requests" ("provider_id") `);
    await q.query(`CREATE INDEX "ix_sign_in_idp_sessions_sid" ON "sign_in_idp_sessions" ("organization_id", "provider_id", "sid") `);
    await q.query(`CREATE INDEX "ix_sign_in_idp_sessions_subject" ON "sign_in_idp_sessions" ("organization_id", "provider_id", "subject") `);
    await q.query(`CREATE INDEX "ix_sign_in_idp_sessions_provider" ON "sign_in_idp_sessions" ("provider_id") `);
    await q.query(
      `ALTER TABLE "sign_in_requests" ADD CONSTRAINT "fk_sign_in_requests_provider" FOREIGN KEY ("provider_id") REFERENCES "sign_in_providers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "sign_in_idp_sessions" ADD CONSTRAINT "fk_sign_in_idp_sessions_session" FOREIGN KEY ("session_id") REFERENCES "user_sessions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "sign_in_idp_sessions" ADD CONSTRAINT "fk_sign_in_idp_sessions_provider" FOREIGN KEY ("provider_id") REFERENCES "sign_in_providers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "sign_in_replays" ADD CONSTRAINT "fk_sign_in_replays_provider" FOREIGN KEY ("provider_id") REFERENCES "sign_in_providers"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [...TABLES].reverse()) {
      for (const sql of unscopeTableSql(table)) await q.query(sql);
      await q.query(`DROP TABLE "${table}"`);
    }
  }
}
