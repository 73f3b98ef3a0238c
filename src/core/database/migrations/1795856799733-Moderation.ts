import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Moderation and classroom controls: room posting mode, slow mode, archive and
 * retention settings, timed mutes, blocks, reports and the audit log. The audit
 * log is append-only: a trigger refuses UPDATE and DELETE on it.
 */

export class Moderation1795856799733 implements MigrationInterface {
  name = 'Moderation1795856799733';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "slow_mode_marks" ("room_id" uuid NOT NULL, "user_id" uuid NOT NULL, "posted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "pk_slow_mode_marks" PRIMARY KEY ("room_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "user_blocks" ("blocker_id" uuid NOT NULL, "blocked_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_user_blocks" PRIMARY KEY ("blocker_id", "blocked_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_user_blocks_blocked" ON "user_blocks"  ("blocked_id") `);
    await queryRunner.query(
      `CREATE TABLE "reports" ("id" uuid NOT NULL, "reporter_id" uuid, "target_type" character varying(8) NOT NULL, "target_id" uuid NOT NULL, "target_user_id" uuid, "room_id" uuid, "target_content" text NOT NULL DEFAULT '', "reason" character varying(16) NOT NULL, "details" text NOT NULL DEFAULT '', "status" character varying(8) NOT NULL DEFAULT 'open', "action" character varying(16), "resolved_by" uuid, "resolved_at" TIMESTAMP WITH TIME ZONE, "resolution_note" text NOT NULL DEFAULT '', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_reports_status" CHECK ("status" IN ('open', 'resolved')), CONSTRAINT "ck_reports_target_type" CHECK ("target_type" IN ('message', 'user')), CONSTRAINT "pk_reports" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_reports_status" ON "reports"  ("status", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_reports_room" ON "reports"  ("room_id", "id") `);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "uq_reports_open" ON "reports"  ("reporter_id", "target_type", "target_id") WHERE "status" = 'open'`,
    );
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" uuid NOT NULL, "actor_id" uuid, "actor_name" character varying(150) NOT NULL DEFAULT '', "action" character varying(40) NOT NULL, "room_id" uuid, "room_name" character varying(150), "target_type" character varying(16), "target_id" uuid, "target_name" character varying(150), "reason" text NOT NULL DEFAULT '', "details" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_audit_log" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_audit_log_room" ON "audit_log"  ("room_id", "id") `);
    await queryRunner.query(`ALTER TABLE "rooms" ADD "posting" character varying(8) NOT NULL DEFAULT 'everyone'`);
    await queryRunner.query(`ALTER TABLE "rooms" ADD "slow_mode_seconds" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "rooms" ADD "archived_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "rooms" ADD "retention_days" integer`);
    await queryRunner.query(`ALTER TABLE "rooms" ADD "purged_through_seq" bigint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "room_members" ADD "muted_until" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "rooms" ADD CONSTRAINT "ck_rooms_slow_mode" CHECK ("slow_mode_seconds" BETWEEN 0 AND 3600)`);
    await queryRunner.query(`ALTER TABLE "rooms" ADD CONSTRAINT "ck_rooms_posting" CHECK ("posting" IN ('everyone', 'admins'))`);
    await queryRunner.query(
      `ALTER TABLE "slow_mode_marks" ADD CONSTRAINT "fk_slow_mode_marks_room" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "slow_mode_marks" ADD CONSTRAINT "fk_slow_mode_marks_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_blocks" ADD CONSTRAINT "fk_user_blocks_blocker" FOREIGN KEY ("blocker_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "user_blocks" ADD CONSTRAINT "fk_user_blocks_blocked" FOREIGN KEY ("blocked_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$`,
    );
    await queryRunner.query(
      `CREATE TRIGGER tr_audit_log_append_only BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER tr_audit_log_append_only ON "audit_log"`);
    await queryRunner.query(`DROP FUNCTION audit_log_append_only()`);
    await queryRunner.query(`ALTER TABLE "user_blocks" DROP CONSTRAINT "fk_user_blocks_blocked"`);
    await queryRunner.query(`ALTER TABLE "user_blocks" DROP CONSTRAINT "fk_user_blocks_blocker"`);
    await queryRunner.query(`ALTER TABLE "slow_mode_marks" DROP CONSTRAINT "fk_slow_mode_marks_user"`);
    await queryRunner.query(`ALTER TABLE "slow_mode_marks" DROP CONSTRAINT "fk_slow_mode_marks_room"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP CONSTRAINT "ck_rooms_posting"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP CONSTRAINT "ck_rooms_slow_mode"`);
    await queryRunner.query(`ALTER TABLE "room_members" DROP COLUMN "muted_until"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "purged_through_seq"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "retention_days"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "archived_at"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "slow_mode_seconds"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP COLUMN "posting"`);
    await queryRunner.query(`DROP INDEX "public"."ix_audit_log_room"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP INDEX "public"."uq_reports_open"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reports_room"`);
    await queryRunner.query(`DROP INDEX "public"."ix_reports_status"`);
    await queryRunner.query(`DROP TABLE "reports"`);
    await queryRunner.query(`DROP INDEX "public"."ix_user_blocks_blocked"`);
    await queryRunner.query(`DROP TABLE "user_blocks"`);
    await queryRunner.query(`DROP TABLE "slow_mode_marks"`);
  }
}
