import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every message updates its room's row (`last_seq`, counters, `last_message_at`) and
 * its sender's `room_members.last_read_seq`. `ix_rooms_public_activity` indexed
 * `last_message_at`, so no room update could be HOT: each message wrote a new entry
 * into all four of the room's indexes and left a dead row behind (in a short
 * benchmark 3,005 updates, 0 HOT, the 100-row table grown from 13 to 28 pages). The
 * index never served the room lists' ordering anyway (they sort by
 * `coalesce(last_message_at, created_at)`), only the `visibility` filter, which keeps
 * an index of its own. Both tables also leave room on each page for the new row
 * version, so updates stay on their page (HOT) instead of moving.
 */
export class RoomsHotUpdates1795890000000 implements MigrationInterface {
  name = 'RoomsHotUpdates1795890000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX ix_rooms_public_activity`);
    await q.query(`CREATE INDEX ix_rooms_visibility ON rooms (visibility)`);
    await q.query(`ALTER TABLE rooms SET (fillfactor = 90)`);
    await q.query(`ALTER TABLE room_members SET (fillfactor = 90)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE room_members RESET (fillfactor)`);
    await q.query(`ALTER TABLE rooms RESET (fillfactor)`);
    await q.query(`DROP INDEX ix_rooms_visibility`);
    await q.query(`CREATE INDEX ix_rooms_public_activity ON rooms (visibility, last_message_at)`);
  }
}
