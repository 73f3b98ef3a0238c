import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Edit history: each edit keeps the version it replaced, and a deletion keeps the content it
 * blanked (`replaced_by`), written in the edit's or the delete's own transaction
 * (MessagesRepository.updateContent, .tombstone). Versions go with their message (retention,
 * room deletion) by the foreign key's cascade.
 */
export class MessageRevisions1796900000030 implements MigrationInterface {
  name = 'MessageRevisions1796900000030';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "message_revisions" ("message_id" uuid NOT NULL, "version" integer NOT NULL, "content" text NOT NULL, "meta" jsonb NOT NULL DEFAULT '{}', "written_at" TIMESTAMP WITH TIME ZONE NOT NULL, "replaced_at" TIMESTAMP WITH TIME ZONE NOT NULL, "replaced_by" character varying(8) NOT NULL, CONSTRAINT "ck_message_revisions_replaced_by" CHECK ("replaced_by" IN ('edit', 'delete')), CONSTRAINT "pk_message_revisions" PRIMARY KEY ("message_id", "version"))`,
    );
    await q.query(
      `ALTER TABLE "message_revisions" ADD CONSTRAINT "fk_message_revisions_message" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(`ALTER TABLE "reports" ADD "target_version" integer`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "reports" DROP COLUMN "target_version"`);
    await q.query(`DROP TABLE "message_revisions"`);
  }
}
