import { MigrationInterface, QueryRunner } from 'typeorm';

/** Uploaded files and their attachment to messages (docs/attachments.md). */
export class Uploads1795862470759 implements MigrationInterface {
  name = 'Uploads1795862470759';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "uploads" ("id" uuid NOT NULL, "uploader_id" uuid, "message_id" uuid, "position" smallint, "name" character varying(255) NOT NULL, "content_type" character varying(127) NOT NULL, "size" bigint NOT NULL, "width" integer, "height" integer, "storage_key" character varying(255) NOT NULL, "thumbnail_key" character varying(255), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "attached_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "pk_uploads" PRIMARY KEY ("id"))`,
    );
    // A history page reads its messages' attachments with message_id = ANY(...).
    await queryRunner.query(`CREATE INDEX "ix_uploads_message" ON "uploads" ("message_id", "position") WHERE "message_id" IS NOT NULL`);
    // The cleanup job's scan: detached or never attached, oldest first.
    await queryRunner.query(`CREATE INDEX "ix_uploads_detached" ON "uploads" ("created_at") WHERE "message_id" IS NULL`);
    await queryRunner.query(
      `ALTER TABLE "uploads" ADD CONSTRAINT "fk_uploads_uploader" FOREIGN KEY ("uploader_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "uploads" ADD CONSTRAINT "fk_uploads_message" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "uploads" DROP CONSTRAINT "fk_uploads_message"`);
    await queryRunner.query(`ALTER TABLE "uploads" DROP CONSTRAINT "fk_uploads_uploader"`);
    await queryRunner.query(`DROP INDEX "public"."ix_uploads_detached"`);
    await queryRunner.query(`DROP INDEX "public"."ix_uploads_message"`);
    await queryRunner.query(`DROP TABLE "uploads"`);
  }
}
