import { MigrationInterface, QueryRunner } from 'typeorm';

/** Mentions: resolved at send time into the message (`mentions`) and one row per mentioned member. */
export class MessageMentions1795860049043 implements MigrationInterface {
  name = 'MessageMentions1795860049043';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" ADD "mentions" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(
      `CREATE TABLE "message_mentions" ("message_id" uuid NOT NULL, "user_id" uuid NOT NULL, "room_id" uuid NOT NULL, "seq" bigint NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_message_mentions" PRIMARY KEY ("message_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_message_mentions_unread" ON "message_mentions" ("user_id", "room_id", "seq") `);
    await queryRunner.query(`CREATE INDEX "ix_message_mentions_recent" ON "message_mentions" ("user_id", "created_at", "message_id") `);
    for (const [name, column, table] of [
      ['fk_message_mentions_message', 'message_id', 'messages'],
      ['fk_message_mentions_user', 'user_id', 'users'],
      ['fk_message_mentions_room', 'room_id', 'rooms'],
    ]) {
      await queryRunner.query(
        `ALTER TABLE "message_mentions" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "${table}"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "message_mentions"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "mentions"`);
  }
}
