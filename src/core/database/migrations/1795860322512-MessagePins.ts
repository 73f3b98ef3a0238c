import { MigrationInterface, QueryRunner } from 'typeorm';

/** Pins: a pinned message carries when and by whom; the room's pins are read newest first by ix_messages_pinned. */
export class MessagePins1795860322512 implements MigrationInterface {
  name = 'MessagePins1795860322512';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" ADD "pinned_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "messages" ADD "pinned_by" uuid`);
    await queryRunner.query(`CREATE INDEX "ix_messages_pinned" ON "messages" ("room_id", "pinned_at") WHERE "pinned_at" IS NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "messages" ADD CONSTRAINT "fk_messages_pinned_by" FOREIGN KEY ("pinned_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "fk_messages_pinned_by"`);
    await queryRunner.query(`DROP INDEX "public"."ix_messages_pinned"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "pinned_by"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "pinned_at"`);
  }
}
