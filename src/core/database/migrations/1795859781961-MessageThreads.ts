import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Threads: a reply names its root (same room, top-level); the root keeps its
 * counters, moved by the batch append. Constant defaults: adding the columns
 * rewrites nothing.
 */
export class MessageThreads1795859781961 implements MigrationInterface {
  name = 'MessageThreads1795859781961';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" ADD "thread_root_id" uuid`);
    await queryRunner.query(`ALTER TABLE "messages" ADD "also_in_room" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "messages" ADD "reply_count" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "messages" ADD "last_reply_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "messages" ADD "thread_participants" uuid array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`CREATE INDEX "ix_messages_thread" ON "messages" ("thread_root_id", "seq") WHERE "thread_root_id" IS NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "messages" ADD CONSTRAINT "fk_messages_thread_root" FOREIGN KEY ("thread_root_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "fk_messages_thread_root"`);
    await queryRunner.query(`DROP INDEX "public"."ix_messages_thread"`);
    for (const column of ['thread_participants', 'last_reply_at', 'reply_count', 'also_in_room', 'thread_root_id']) {
      await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "${column}"`);
    }
  }
}
