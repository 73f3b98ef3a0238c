import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../../../core/database/query-rows';
import { NotificationChannel } from './entities/notification.entity';

/** A member a new message may notify, with what their preferences say. */
export interface Recipient {
  user_id: string;
  direct: boolean;
  mentioned: boolean;
  quiet_start: string | null;
  quiet_end: string | null;
  time_zone: string;
  wants_email: boolean;
  has_push_device: boolean;
}

/** A claimed outbox row. */
export interface ClaimedNotification {
  id: string;
  user_id: string;
  room_id: string | null;
  channel: NotificationChannel;
  items: string[];
  attempts: number;
}

/** A message a notification stands for, still unread by its user. */
export interface UnreadItem {
  id: string;
  room_id: string;
  seq: number;
  content: string;
  created_at: Date;
  room_label: string;
  sender_name: string | null;
}

export interface DeadNotification {
  id: string;
  user_id: string;
  room_id: string | null;
  message_id: string;
  channel: NotificationChannel;
  attempts: number;
  last_error: string | null;
  created_at: Date;
}

/** The notification outbox (migration Notifications): rows written for away users, claimed by workers on any node. */
@Injectable()
export class NotificationOutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Members (not the sender) whom a message in the room may notify by their levels (room's own, else their
   * default, else all for direct rooms and mentions for others), unmuted, not snoozed, not blocking the sender,
   * with a push device or (when `emailOn`) an email digest to receive. One statement whatever the room's size.
   */
  recipients(roomId: string, senderId: string | null, mentioned: string[], emailOn: boolean): Promise<Recipient[]> {
    return queryRows<Recipient>(
      this.dataSource.manager,
      `SELECT x.user_id, x.direct, x.mentioned, x.quiet_start, x.quiet_end, x.time_zone,
              x.email_on AND (x.direct OR x.mentioned) AND u.email <> '' AS wants_email,
              EXISTS (SELECT 1 FROM notification_devices d WHERE d.user_id = x.user_id) AS has_push_device
         FROM (SELECT m.user_id, r.room_type = 'ONE_TO_ONE' AS direct, m.user_id = ANY ($3::uuid[]) AS mentioned,
                      s.quiet_start, s.quiet_end, coalesce(s.time_zone, 'UTC') AS time_zone, coalesce(s.email, true) AS email_on,
                      coalesce(rs.level, s.level, CASE WHEN r.room_type = 'ONE_TO_ONE' THEN 'all' ELSE 'mentions' END) AS level
                 FROM room_members m
                 JOIN rooms r ON r.id = m.room_id
                 LEFT JOIN notification_settings s ON s.user_id = m.user_id
                 LEFT JOIN notification_room_settings rs ON rs.user_id = m.user_id AND rs.room_id = m.room_id
                WHERE m.room_id = $1 AND m.user_id IS DISTINCT FROM $2::uuid AND NOT m.notifications_muted
                  AND (s.snooze_until IS NULL OR s.snooze_until <= now())
                  AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = m.user_id AND b.blocked_id = $2::uuid)) x
         JOIN users u ON u.id = x.user_id
        WHERE (x.level = 'all' OR (x.level = 'mentions' AND x.mentioned))
          AND (EXISTS (SELECT 1 FROM notification_devices d WHERE d.user_id = x.user_id)
               OR ($4 AND x.email_on AND (x.direct OR x.mentioned) AND u.email <> ''))`,
      [roomId, senderId, mentioned, emailOn],
    );
  }

  /**
   * Adds a message to each user's pending notification on the channel (of the room for push, any room for
   * email) while no worker holds it, else writes a new row due at the user's time. A message already in a
   * row of that user and channel is never added again; (user, message, channel) is unique.
   */
  async enqueue(channel: NotificationChannel, roomId: string, messageId: string, rows: { userId: string; dueAt: Date }[]): Promise<void> {
    if (rows.length === 0) return;
    const roomOfRow = channel === 'push' ? roomId : null;
    await this.dataSource.query(
      `WITH input AS (SELECT * FROM unnest($4::uuid[], $5::timestamptz[]) AS i(user_id, due_at)),
       bumped AS (
         UPDATE notifications n SET items = array_append(n.items, $3::uuid)
           FROM input i
          WHERE n.user_id = i.user_id AND n.channel = $1 AND n.room_id IS NOT DISTINCT FROM $2::uuid
            AND n.state = 'pending' AND n.claimed_by IS NULL AND NOT ($3::uuid = ANY (n.items))
         RETURNING n.user_id)
       INSERT INTO notifications (id, user_id, room_id, message_id, channel, items, due_at)
       SELECT gen_random_uuid(), i.user_id, $2::uuid, $3::uuid, $1, ARRAY[$3::uuid], i.due_at
         FROM input i
        WHERE NOT EXISTS (SELECT 1 FROM bumped b WHERE b.user_id = i.user_id)
          AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = i.user_id AND n.channel = $1 AND $3::uuid = ANY (n.items))
       ON CONFLICT (user_id, message_id, channel) DO NOTHING`,
      [channel, roomOfRow, messageId, rows.map((r) => r.userId), rows.map((r) => r.dueAt.toISOString())],
    );
  }

  /**
   * Claims due rows for this worker: SKIP LOCKED lets any number of nodes claim side by side; the lease
   * (`claimed_until`) hands a row to another worker if this one dies mid-send.
   */
  claimDue(worker: string, limit: number, leaseSeconds: number): Promise<ClaimedNotification[]> {
    return queryRows<ClaimedNotification>(
      this.dataSource.manager,
      `WITH due AS (
         SELECT id FROM notifications
          WHERE state = 'pending' AND due_at <= now() AND (claimed_until IS NULL OR claimed_until < now())
          ORDER BY due_at LIMIT $1 FOR UPDATE SKIP LOCKED)
       UPDATE notifications n SET claimed_by = $2, claimed_until = now() + make_interval(secs => $3), attempts = n.attempts + 1
         FROM due WHERE n.id = due.id
       RETURNING n.id, n.user_id, n.room_id, n.channel, n.items, n.attempts`,
      [limit, worker, leaseSeconds],
    );
  }

  /** The row's messages the user has not read yet (on any device), oldest first; deleted ones and left rooms drop out. */
  unreadItems(userId: string, items: string[]): Promise<UnreadItem[]> {
    return queryRows<UnreadItem>(
      this.dataSource.manager,
      `SELECT m.id, m.room_id, m.seq::float8 AS seq, m.content, m.created_at,
              coalesce(nullif(r.name, ''), s.display_name, 'a conversation') AS room_label, s.display_name AS sender_name
         FROM messages m
         JOIN rooms r ON r.id = m.room_id
         JOIN room_members rm ON rm.room_id = m.room_id AND rm.user_id = $1
         LEFT JOIN users s ON s.id = m.sender_id
        WHERE m.id = ANY ($2::uuid[]) AND m.deleted_at IS NULL AND m.seq > rm.last_read_seq
        ORDER BY m.created_at, m.id`,
      [userId, items],
    );
  }

  async userEmail(userId: string): Promise<{ email: string; display_name: string } | null> {
    const [row] = await queryRows<{ email: string; display_name: string }>(
      this.dataSource.manager,
      `SELECT email, display_name FROM users WHERE id = $1`,
      [userId],
    );
    return row ?? null;
  }

  /** Settles a claimed row, only while this worker still holds it. */
  async settle(id: string, worker: string, state: 'sent' | 'skipped' | 'dead', error: string | null = null): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET state = $3::varchar, last_error = $4::text, claimed_by = NULL, claimed_until = NULL,
              sent_at = CASE WHEN $3::varchar = 'sent' THEN now() ELSE sent_at END
        WHERE id = $1 AND claimed_by = $2`,
      [id, worker, state, error],
    );
  }

  async retryLater(id: string, worker: string, delayMs: number, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE notifications SET due_at = now() + make_interval(secs => $3), last_error = $4, claimed_by = NULL, claimed_until = NULL
        WHERE id = $1 AND claimed_by = $2`,
      [id, worker, delayMs / 1000, error],
    );
  }

  /** Dead-lettered notifications, newest first. */
  deadLetters(limit: number): Promise<DeadNotification[]> {
    return queryRows<DeadNotification>(
      this.dataSource.manager,
      `SELECT id, user_id, room_id, message_id, channel, attempts, last_error, created_at
         FROM notifications WHERE state = 'dead' ORDER BY created_at DESC, id LIMIT $1`,
      [limit],
    );
  }

  /** A dead notification back in the queue with a fresh attempt budget; false when there is no such dead row. */
  async requeue(id: string): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource.manager,
      `UPDATE notifications SET state = 'pending', attempts = 0, due_at = now(), last_error = NULL WHERE id = $1 AND state = 'dead' RETURNING 1`,
      [id],
    );
    return rows.length > 0;
  }

  /** One batch of the outbox's retention: settled rows older than `seconds` (pending ones are never dropped). */
  async purgeSettled(olderThanSeconds: number, limit: number): Promise<number> {
    const rows = await queryRows(
      this.dataSource.manager,
      `DELETE FROM notifications WHERE id IN (
         SELECT id FROM notifications WHERE state <> 'pending' AND created_at < now() - make_interval(secs => $1)
          ORDER BY created_at LIMIT $2)
       RETURNING 1`,
      [olderThanSeconds, limit],
    );
    return rows.length;
  }
}
