import { MigrationInterface, QueryRunner } from 'typeorm';
import { scopeTableSql, unscopeTableSql } from '../organization-tables';

/**
 * One-time sign-in codes (docs/sign-in.md): a way of signing in that ran outside the web app (an
 * identity provider's callback, an LTI launch) hands the browser a code in `#handoff=`, which the
 * web app exchanges once, within 60 seconds, for a Parley login. Only the code's SHA-256 is kept.
 */
export class SignInHandoffs1796900000300 implements MigrationInterface {
  name = 'SignInHandoffs1796900000300';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "sign_in_handoffs" ("id" uuid NOT NULL, "code_hash" character(64) NOT NULL, "user_id" uuid NOT NULL, "idp_session" jsonb, "user_agent" character varying(255), "ip" character varying(64), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_sign_in_handoffs" PRIMARY KEY ("id"))`,
    );
    for (const sql of scopeTableSql('sign_in_handoffs')) await q.query(sql);
    // Looked up by the code alone (the code names no organization), like a refresh token.
    await q.query(`CREATE UNIQUE INDEX "uq_sign_in_handoffs_code_hash" ON "sign_in_handoffs" ("code_hash") `);
    await q.query(`CREATE INDEX "ix_sign_in_handoffs_user_id" ON "sign_in_handoffs" ("user_id") `);
    await q.query(
      `ALTER TABLE "sign_in_handoffs" ADD CONSTRAINT "fk_sign_in_handoffs_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const sql of unscopeTableSql('sign_in_handoffs')) await q.query(sql);
    await q.query(`DROP TABLE "sign_in_handoffs"`);
  }
}
