import { MigrationInterface, QueryRunner } from 'typeorm';
import { scopeTableSql } from '../organization-tables';

/**
 * SCIM 2.0 provisioning (docs/scim.md): `scim_users` holds the SCIM view of the users a
 * provisioning client made (their `userName`, unique per organization case-insensitively,
 * and the client's `externalId`); `scim_groups` marks the rooms that are SCIM Groups and
 * the API key that made each. Both are an organization's (row-level security).
 */
export class Scim1796900000200 implements MigrationInterface {
  name = 'Scim1796900000200';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "scim_users" ("user_id" uuid NOT NULL, "user_name" character varying(254) NOT NULL, "external_id" character varying(255), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_scim_users" PRIMARY KEY ("user_id"))`,
    );
    await q.query(
      `ALTER TABLE "scim_users" ADD CONSTRAINT "fk_scim_users_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `CREATE TABLE "scim_groups" ("room_id" uuid NOT NULL, "api_key_id" uuid, "external_id" character varying(255), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_scim_groups" PRIMARY KEY ("room_id"))`,
    );
    await q.query(
      `ALTER TABLE "scim_groups" ADD CONSTRAINT "fk_scim_groups_room" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "scim_groups" ADD CONSTRAINT "fk_scim_groups_api_key" FOREIGN KEY ("api_key_id") REFERENCES "api_keys"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    for (const table of ['scim_users', 'scim_groups']) for (const sql of scopeTableSql(table)) await q.query(sql);
    // userName is case-insensitive (RFC 7643 section 4.1.1): one per organization, found by lower().
    await q.query(`CREATE UNIQUE INDEX "uq_scim_users_user_name" ON "scim_users" ("organization_id", lower("user_name"))`);
    await q.query(`CREATE INDEX "ix_scim_users_external_id" ON "scim_users" ("organization_id", "external_id") WHERE "external_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "ix_scim_users_created" ON "scim_users" ("organization_id", "created_at", "user_id")`);
    await q.query(`CREATE INDEX "ix_scim_groups_created" ON "scim_groups" ("organization_id", "created_at", "room_id")`);
    await q.query(`CREATE INDEX "ix_scim_groups_api_key_id" ON "scim_groups" ("api_key_id") WHERE "api_key_id" IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "scim_groups"`);
    await q.query(`DROP TABLE "scim_users"`);
  }
}
