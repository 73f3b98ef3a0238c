import { MigrationInterface, QueryRunner } from 'typeorm';

export class Platform1795862238081 implements MigrationInterface {
  name = 'Platform1795862238081';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "api_keys" ("id" uuid NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(24) NOT NULL, "key_hash" character(64) NOT NULL, "scopes" text array NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_api_keys" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_api_keys_key_hash" ON "api_keys"  ("key_hash") `);
    await queryRunner.query(
      `CREATE TABLE "external_rooms" ("external_id" character varying(255) NOT NULL, "room_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_external_rooms" PRIMARY KEY ("external_id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_external_rooms_room_id" ON "external_rooms"  ("room_id") `);
    await queryRunner.query(
      `CREATE TABLE "external_identities" ("id" uuid NOT NULL, "issuer" character varying(255) NOT NULL, "subject" character varying(255) NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_external_identities" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_external_identities_user_id" ON "external_identities"  ("user_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_external_identities_issuer_subject" ON "external_identities"  ("issuer", "subject") `);
    await queryRunner.query(
      `CREATE TABLE "webhook_endpoints" ("id" uuid NOT NULL, "url" character varying(2048) NOT NULL, "event_types" text array NOT NULL DEFAULT '{}', "enabled" boolean NOT NULL DEFAULT true, "secret" character varying(100) NOT NULL, "failing_since" TIMESTAMP WITH TIME ZONE, "failure_reason" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_webhook_endpoints" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "webhook_deliveries" ("id" uuid NOT NULL, "endpoint_id" uuid NOT NULL, "event_type" character varying(64) NOT NULL, "payload" jsonb NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_attempt_at" TIMESTAMP WITH TIME ZONE, "last_status_code" integer, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_webhook_deliveries" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_endpoint" ON "webhook_deliveries"  ("endpoint_id", "id") `);
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_due" ON "webhook_deliveries"  ("next_attempt_at") WHERE "status" = 'pending'`);
    // The delivery log's retention sweep (WEBHOOK_LOG_RETENTION) walks it by age.
    await queryRunner.query(`CREATE INDEX "ix_webhook_deliveries_created_at" ON "webhook_deliveries"  ("created_at") `);
    await queryRunner.query(
      `ALTER TABLE "api_keys" ADD CONSTRAINT "fk_api_keys_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "external_rooms" ADD CONSTRAINT "fk_external_rooms_room" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "external_identities" ADD CONSTRAINT "fk_external_identities_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "fk_webhook_deliveries_endpoint" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "webhook_deliveries" DROP CONSTRAINT "fk_webhook_deliveries_endpoint"`);
    await queryRunner.query(`ALTER TABLE "external_identities" DROP CONSTRAINT "fk_external_identities_user"`);
    await queryRunner.query(`ALTER TABLE "external_rooms" DROP CONSTRAINT "fk_external_rooms_room"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "fk_api_keys_created_by"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_created_at"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_due"`);
    await queryRunner.query(`DROP INDEX "public"."ix_webhook_deliveries_endpoint"`);
    await queryRunner.query(`DROP TABLE "webhook_deliveries"`);
    await queryRunner.query(`DROP TABLE "webhook_endpoints"`);
    await queryRunner.query(`DROP INDEX "public"."uq_external_identities_issuer_subject"`);
    await queryRunner.query(`DROP INDEX "public"."ix_external_identities_user_id"`);
    await queryRunner.query(`DROP TABLE "external_identities"`);
    await queryRunner.query(`DROP INDEX "public"."uq_external_rooms_room_id"`);
    await queryRunner.query(`DROP TABLE "external_rooms"`);
    await queryRunner.query(`DROP INDEX "public"."uq_api_keys_key_hash"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
