import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../../../core/database/query-rows';
import type { Tx } from '../../../core/database/transaction';

/** A hold as the store reads it, with its targets. */
export interface LegalHoldRow {
  id: string;
  name: string;
  reason: string;
  organization_id: string;
  organization_wide: boolean;
  user_ids: string[];
  room_ids: string[];
  created_by: string | null;
  created_at: Date;
  released_at: Date | null;
  released_by: string | null;
}

/** A hold's row with its targets, read in one statement (the primary keys serve the array subqueries). */
const HOLD_COLUMNS = `h.id, h.name, h.reason, h.organization_id, h.organization_wide, h.created_by, h.created_at, h.released_at, h.released_by,
  array(SELECT hu.user_id FROM legal_hold_users hu WHERE hu.hold_id = h.id ORDER BY hu.user_id) AS user_ids,
  array(SELECT hr.room_id FROM legal_hold_rooms hr WHERE hr.hold_id = h.id ORDER BY hr.room_id) AS room_ids`;

@Injectable()
export class LegalHoldsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Locks the named users and rooms against deletion (FOR KEY SHARE: a deletion waits for the hold,
   * or the hold waits and finds them gone) and answers the ids that do not exist.
   */
  async lockTargets(tx: Tx, userIds: string[], roomIds: string[]): Promise<{ missingUsers: string[]; missingRooms: string[] }> {
    const users = await queryRows<{ id: string }>(tx, `SELECT id FROM users WHERE id = ANY($1::uuid[]) ORDER BY id FOR KEY SHARE`, [userIds]);
    const rooms = await queryRows<{ id: string }>(tx, `SELECT id FROM rooms WHERE id = ANY($1::uuid[]) ORDER BY id FOR KEY SHARE`, [roomIds]);
    const foundUsers = new Set(users.map((u) => u.id));
    const foundRooms = new Set(rooms.map((r) => r.id));
    return { missingUsers: userIds.filter((id) => !foundUsers.has(id)), missingRooms: roomIds.filter((id) => !foundRooms.has(id)) };
  }

  /** Whether the organization exists (an operator may name any). */
  async organizationExists(tx: Tx, organizationId: string): Promise<boolean> {
    return (await queryRows(tx, `SELECT 1 FROM organizations WHERE id = $1`, [organizationId])).length > 0;
  }

  async insert(
    tx: Tx,
    hold: { id: string; name: string; reason: string; createdBy: string; organizationWide: boolean; userIds: string[]; roomIds: string[] },
  ): Promise<void> {
    await tx.query(`INSERT INTO legal_holds (id, name, reason, created_by, organization_wide) VALUES ($1, $2, $3, $4, $5)`, [
      hold.id,
      hold.name,
      hold.reason,
      hold.createdBy,
      hold.organizationWide,
    ]);
    await tx.query(`INSERT INTO legal_hold_users (hold_id, user_id) SELECT $1, unnest($2::uuid[])`, [hold.id, hold.userIds]);
    await tx.query(`INSERT INTO legal_hold_rooms (hold_id, room_id) SELECT $1, unnest($2::uuid[])`, [hold.id, hold.roomIds]);
  }

  async find(id: string, tx: Tx = this.dataSource.manager): Promise<LegalHoldRow | null> {
    const [row] = await queryRows<LegalHoldRow>(tx, `SELECT ${HOLD_COLUMNS} FROM legal_holds h WHERE h.id = $1`, [id]);
    return row ?? null;
  }

  /** Newest first, keyset on the time-ordered id. */
  page(before: string | undefined, limit: number): Promise<LegalHoldRow[]> {
    return queryRows<LegalHoldRow>(
      this.dataSource,
      `SELECT ${HOLD_COLUMNS} FROM legal_holds h WHERE ($1::uuid IS NULL OR h.id < $1) ORDER BY h.id DESC LIMIT $2`,
      [before ?? null, limit],
    );
  }

  /** Releases the hold; false when it was already released (nothing changed). */
  async release(tx: Tx, id: string, releasedBy: string): Promise<boolean> {
    const rows = await queryRows(
      tx,
      `UPDATE legal_holds SET released_at = now(), released_by = $2 WHERE id = $1 AND released_at IS NULL RETURNING id`,
      [id, releasedBy],
    );
    return rows.length > 0;
  }
}
