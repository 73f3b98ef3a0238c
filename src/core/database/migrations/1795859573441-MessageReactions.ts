import { MigrationInterface, QueryRunner } from 'typeorm';

/** Reactions: one row per (message, emoji, user); per-emoji counts denormalised on the message. */
export class MessageReactions1795859573441 implements MigrationInterface {
  name = 'MessageReactions1795859573441';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" ADD "reactions" jsonb NOT NULL DEFAULT '[]'`);
    await queryRunner.query(
      `CREATE TABLE "message_reactions" ("message_id" uuid NOT NULL, "emoji" character varying(64) NOT NULL, "user_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_message_reactions" PRIMARY KEY ("message_id", "emoji", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_message_reactions_page" ON "message_reactions" ("message_id", "emoji", "created_at", "user_id") `);
    await queryRunner.query(`CREATE INDEX "ix_message_reactions_user" ON "message_reactions" ("user_id") `);
    await queryRunner.query(
      `ALTER TABLE "message_reactions" ADD CONSTRAINT "fk_message_reactions_message" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "message_reactions" ADD CONSTRAINT "fk_message_reactions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "message_reactions"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "reactions"`);
  }
}
