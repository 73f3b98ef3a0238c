import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { TimeKey } from '../../../core/pagination/opaque-cursor';
import { queryRows } from '../../../core/database/query-rows';

export type PinOutcome = 'pinned' | 'already' | 'missing' | 'deleted' | 'hidden' | 'full';

@Injectable()
export class PinsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Pins in one transaction under the room's row lock, so two pins racing for the
   * last of `max` slots cannot both win.
   */
  pin(roomId: string, messageId: string, userId: string, max: number): Promise<PinOutcome> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT 1 FROM rooms WHERE id = $1 FOR UPDATE`, [roomId]);
      const [message] = await queryRows<{ pinned: boolean; deleted: boolean; hidden: boolean }>(
        manager,
        `SELECT pinned_at IS NOT NULL AS pinned, deleted_at IS NOT NULL AS deleted, visibility <> 'visible' AS hidden
           FROM messages WHERE id = $1 AND room_id = $2`,
        [messageId, roomId],
      );
      if (!message) return 'missing';
      if (message.deleted) return 'deleted';
      if (message.hidden) return 'hidden';
      if (message.pinned) return 'already';
      const [{ n }] = await queryRows<{ n: number }>(
        manager,
        `SELECT count(*)::int AS n FROM messages WHERE room_id = $1 AND pinned_at IS NOT NULL`,
        [roomId],
      );
      if (n >= max) return 'full';
      await manager.query(`UPDATE messages SET pinned_at = now(), pinned_by = $2 WHERE id = $1`, [messageId, userId]);
      return 'pinned';
    });
  }

  /** True when it was pinned (and now is not). */
  async unpin(roomId: string, messageId: string): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource,
      `UPDATE messages SET pinned_at = NULL, pinned_by = NULL WHERE id = $1 AND room_id = $2 AND pinned_at IS NOT NULL RETURNING 1`,
      [messageId, roomId],
    );
    return rows.length > 0;
  }

  /** The room's pinned messages, newest pin first, after the keyset `(pinned_at, id)` (ix_messages_pinned). */
  async page(roomId: string, after: TimeKey | null, limit: number): Promise<TimeKey[]> {
    const rows = await queryRows<{ at: string; id: string }>(
      this.dataSource,
      `SELECT pinned_at::text AS at, id FROM messages
        WHERE room_id = $1 AND pinned_at IS NOT NULL AND ($2::timestamptz IS NULL OR (pinned_at, id) < ($2::timestamptz, $3::uuid))
        ORDER BY pinned_at DESC, id DESC LIMIT $4`,
      [roomId, after?.at ?? null, after?.id ?? null, limit],
    );
    return rows;
  }
}
