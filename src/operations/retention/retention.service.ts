import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../../core/config/app-config.service';
import { queryRows } from '../../core/database/query-rows';

/** Any constant works: one advisory lock, so one node sweeps at a time. */
const RETENTION_LOCK = 7_201_126;
/** Bounds one sweep (rooms x batches); the next sweep carries on. */
const MAX_BATCHES_PER_SWEEP = 2_000;

/**
 * Removes expired messages: for each room with a retention (its own
 * retention_days, else RETENTION_DAYS), the oldest messages older than that,
 * in small batches, one short transaction each. A batch removes a prefix of the
 * room's seqs (it stops at the first message still kept), moves the room's
 * `purged_through_seq` (the history's new start) and fixes its counters in the
 * same transaction; unread counts follow by themselves (they count rows).
 * A thread root waits for its newest reply to expire (deleting it would take the
 * replies with it). Attachment files go with their messages through the uploads' own cleanup.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(RetentionService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const everyMs = this.config.get('RETENTION_INTERVAL') * 1000;
    this.timer = setInterval(() => void this.sweep().catch((error) => this.logger.error(`Retention sweep failed: ${String(error)}`)), everyMs);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** One sweep over every room with a retention; answers the number of messages removed. */
  sweep(): Promise<number> {
    this.running ??= this.sweepRooms().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sweepRooms(): Promise<number> {
    const rooms = await queryRows<{ id: string; days: number }>(
      this.dataSource,
      `SELECT id, coalesce(retention_days, $1)::int AS days FROM rooms
        WHERE coalesce(retention_days, $1) > 0 AND purged_through_seq < last_seq ORDER BY id`,
      [this.config.get('RETENTION_DAYS')],
    );
    let removed = 0;
    let batches = 0;
    for (const room of rooms) {
      for (;;) {
        if (batches++ >= MAX_BATCHES_PER_SWEEP) return removed;
        const count = await this.purgeBatch(room.id, room.days);
        if (count === null) return removed; // another node is sweeping
        removed += count;
        if (count < this.config.get('RETENTION_BATCH_SIZE')) break;
      }
    }
    if (removed > 0) this.logger.log(`Retention removed ${removed} expired messages`);
    return removed;
  }

  /** One batch in one transaction; null when another node holds the sweep lock. */
  private purgeBatch(roomId: string, days: number): Promise<number | null> {
    return this.dataSource.transaction(async (manager) => {
      const [lock] = await manager.query(`SELECT pg_try_advisory_xact_lock($1) AS ok`, [RETENTION_LOCK]);
      if (!lock.ok) return null;
      const [row] = await queryRows<{ removed: number }>(
        manager,
        `WITH window_rows AS (
           SELECT m.id, m.seq, m.type, m.deleted_at,
                  bool_and(m.created_at < now() - make_interval(days => $2)
                           AND NOT EXISTS (SELECT 1 FROM messages r WHERE r.thread_root_id = m.id
                                             AND r.created_at >= now() - make_interval(days => $2)))
                    OVER (ORDER BY m.seq) AS expired
             FROM (SELECT id, seq, type, deleted_at, created_at FROM messages
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
        [roomId, days, this.config.get('RETENTION_BATCH_SIZE')],
      );
      return row.removed;
    });
  }
}
