import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every foreign key to users gets an index on its referencing column: deleting a user
 * cascades or nulls through each of them, and the user's data export reads by them
 * (test/schema.e2e-spec.ts holds every such key indexed). Nullable columns index only
 * their non-null rows, so a send (messages.pinned_by) writes no entry.
 */
export class UserForeignKeyIndexes1796613256950 implements MigrationInterface {
  name = 'UserForeignKeyIndexes1796613256950';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_room_bans_user" ON "room_bans" ("user_id")`);
    await q.query(`CREATE INDEX "ix_slow_mode_marks_user" ON "slow_mode_marks" ("user_id")`);
    await q.query(`CREATE INDEX "ix_api_keys_created_by" ON "api_keys" ("created_by") WHERE "created_by" IS NOT NULL`);
    await q.query(`CREATE INDEX "ix_messages_pinned_by" ON "messages" ("pinned_by") WHERE "pinned_by" IS NOT NULL`);
    await q.query(`CREATE INDEX "ix_uploads_uploader" ON "uploads" ("uploader_id") WHERE "uploader_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "ix_invitations_invited_by" ON "invitations" ("invited_by")`);
    await q.query(`CREATE INDEX "ix_rooms_created_by" ON "rooms" ("created_by") WHERE "created_by" IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const name of [
      'ix_rooms_created_by',
      'ix_invitations_invited_by',
      'ix_uploads_uploader',
      'ix_messages_pinned_by',
      'ix_api_keys_created_by',
      'ix_slow_mode_marks_user',
      'ix_room_bans_user',
    ]) {
      await q.query(`DROP INDEX "public"."${name}"`);
    }
  }
}
