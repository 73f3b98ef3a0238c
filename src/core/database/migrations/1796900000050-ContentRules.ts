import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Content rules checked before a message is stored (docs/compliance.md): the deployment's
 * (`scope` 'deployment', no room) and each room's. An organization scope adds a value to
 * ck_content_rules_scope and one nullable column.
 */
export class ContentRules1796900000050 implements MigrationInterface {
  name = 'ContentRules1796900000050';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "content_rules" ("id" uuid NOT NULL, "scope" character varying(16) NOT NULL, "room_id" uuid, "name" character varying(100) NOT NULL DEFAULT '', "kind" character varying(8) NOT NULL, "action" character varying(8) NOT NULL, "config" jsonb NOT NULL DEFAULT '{}', "enabled" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_content_rules_scope" CHECK (("scope" = 'deployment' AND "room_id" IS NULL) OR ("scope" = 'room' AND "room_id" IS NOT NULL)), CONSTRAINT "ck_content_rules_kind" CHECK ("kind" IN ('words', 'regex', 'links', 'pii')), CONSTRAINT "ck_content_rules_action" CHECK ("action" IN ('block', 'mask', 'flag')), CONSTRAINT "pk_content_rules" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_content_rules_room" ON "content_rules" ("room_id") WHERE "room_id" IS NOT NULL`);
    await q.query(
      `ALTER TABLE "content_rules" ADD CONSTRAINT "fk_content_rules_room" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "content_rules"`);
  }
}
