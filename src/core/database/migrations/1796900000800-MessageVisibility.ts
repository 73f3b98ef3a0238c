import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One visibility state per message (docs/compliance.md, "Held and shadowed messages"):
 * `visible` (everyone who may read the room), `held` (a content rule or the pre-send hook
 * held it for review: its sender and the room's moderators until approved) or `shadow`
 * (sent under a shadow suspension: its sender and the moderators, never published). The
 * partial index serves the moderators' list of held messages per room. Content rules gain
 * the `hold` action and suspensions the `shadow` flag. The message webhook trigger leaves
 * out changes of messages nobody else sees (their `message.created` never went either).
 */
export class MessageVisibility1796900000800 implements MigrationInterface {
  name = 'MessageVisibility1796900000800';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "messages" ADD "visibility" character varying(8) NOT NULL DEFAULT 'visible'`);
    await q.query(`ALTER TABLE "messages" ADD CONSTRAINT "ck_messages_visibility" CHECK ("visibility" IN ('visible', 'held', 'shadow'))`);
    await q.query(`CREATE INDEX "ix_messages_held" ON "messages" ("room_id", "seq") WHERE "visibility" = 'held' AND "deleted_at" IS NULL`);
    await q.query(`ALTER TABLE "user_suspensions" ADD "shadow" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "content_rules" DROP CONSTRAINT "ck_content_rules_action"`);
    await q.query(`ALTER TABLE "content_rules" ADD CONSTRAINT "ck_content_rules_action" CHECK ("action" IN ('block', 'mask', 'flag', 'hold'))`);
    await q.query(`DROP TRIGGER webhook_message_changed ON messages`);
    await q.query(`CREATE TRIGGER webhook_message_changed AFTER UPDATE OF edited_at, deleted_at ON messages FOR EACH ROW
      WHEN (NEW.visibility = 'visible'
            AND ((NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL) OR (NEW.deleted_at IS NULL AND NEW.edited_at IS DISTINCT FROM OLD.edited_at)))
      EXECUTE FUNCTION webhook_message_changed()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER webhook_message_changed ON messages`);
    await q.query(`CREATE TRIGGER webhook_message_changed AFTER UPDATE OF edited_at, deleted_at ON messages FOR EACH ROW
      WHEN ((NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL) OR (NEW.deleted_at IS NULL AND NEW.edited_at IS DISTINCT FROM OLD.edited_at))
      EXECUTE FUNCTION webhook_message_changed()`);
    await q.query(`DELETE FROM "content_rules" WHERE "action" = 'hold'`);
    await q.query(`ALTER TABLE "content_rules" DROP CONSTRAINT "ck_content_rules_action"`);
    await q.query(`ALTER TABLE "content_rules" ADD CONSTRAINT "ck_content_rules_action" CHECK ("action" IN ('block', 'mask', 'flag'))`);
    await q.query(`ALTER TABLE "user_suspensions" DROP COLUMN "shadow"`);
    await q.query(`DROP INDEX "ix_messages_held"`);
    await q.query(`ALTER TABLE "messages" DROP CONSTRAINT "ck_messages_visibility"`);
    await q.query(`ALTER TABLE "messages" DROP COLUMN "visibility"`);
  }
}
