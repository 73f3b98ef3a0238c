import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../../../core/database/query-rows';
import { messageHeld, ROOM_HELD } from '../../../core/legal-hold/store/held-records';

/** Any constant works: one advisory lock, so one node sweeps at a time. */
const RETENTION_LOCK = 7_201_126;

@Injectable()
export class RetentionRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Rooms with a retention (their own, else `defaultDays`) and history left to sweep, with their days; held rooms are skipped. */
  roomsToSweep(defaultDays: number): Promise<{ id: string; days: number; organization_id: string }[]> {
    // A room's own retention, else its organization's (settings.retention_days), else the deployment's.
    return queryRows<{ id: string; days: number; organization_id: string }>(
      this.dataSource,
      `SELECT id, days, organization_id FROM (
         SELECT r.id, r.organization_id, r.purged_through_seq, r.last_seq,
                coalesce(r.retention_days, (o.settings->>'retention_days')::int, $1)::int AS days
           FROM rooms r JOIN organizations o ON o.id = r.organization_id
           WHERE NOT ${ROOM_HELD}) x
        WHERE days > 0 AND purged_through_seq < last_seq ORDER BY id`,
      [defaultDays],
    );
  }

  /**
   * Removes the expired prefix (at most `batchSize` messages) of the room's history and moves
   * its `purged_through_seq` and counters, in one transaction under the sweep's advisory lock:
   * the number removed, or null when another node holds the lock. A held message (its room, its
   * sender or a pin held: messageHeld) is never expired, so the prefix stops before it, as it does
   * before a thread root with live or held replies (deleting a root would take its replies).
   */
  purgeBatch(roomId: string, days: number, batchSize: number): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const [lock] = await manager.query(`SELECT pg_try_advisory_xact_lock($1) AS ok`, [RETENTION_LOCK]);
      if (!lock.ok) return null;
      const [row] = await queryRows<{ removed: number }>(
        manager,
        `WITH window_rows AS (
           SELECT m.id, m.seq, m.type, m.deleted_at,
                  bool_and(m.created_at < now() - make_interval(days => $2)
                           AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.thread_root_id = m.id
                                             AND (r.created_at >= now() - make_interval(days => $2) OR ${messageHeld('r')}))
                           AND NOT ${messageHeld('m')})
                    OVER (ORDER BY m.seq) AS expired
             FROM (SELECT id, room_id, sender_id, seq, type, deleted_at, created_at FROM messages
                    WHERE room_id = $1 AND seq > (SELECT purged_through_seq FROM rooms WHERE id = $1)
                    ORDER BY seq LIMIT $3) m
         ),
         gone AS (
           DELETE FROM messages m USING window_rows w WHERE w.expired AND m.id = w.id
           RETURNING m.id, m.seq, m.type, m.deleted_at
         ),
         moved AS (
           UPDATE rooms r
              SET purged_through_seq = (SELECT max(seq) FROM gone),
                  message_count = GREATEST(r.message_count - (SELECT count(*) FROM gone WHERE type = 'text' AND deleted_at IS NULL), 0),
                  last_message_id = CASE WHEN r.last_message_id IN (SELECT id FROM gone) THEN NULL ELSE r.last_message_id END
            WHERE r.id = $1 AND EXISTS (SELECT 1 FROM gone)
         )
         SELECT count(*)::int AS removed FROM gone`,
        [roomId, days, batchSize],
      );
      return row.removed;
    });
  }
}
