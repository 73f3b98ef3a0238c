import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { queryRows } from '../../../core/database/query-rows';
import type { Tx } from '../../../core/database/transaction';
import { NotificationChannel } from './entities/notification.entity';

/** A member a new message may notify, with what their preferences say. */
export interface Recipient {
  message_id: string;
  user_id: string;
  direct: boolean;
  mentioned: boolean;
  quiet_start: string | null;
  quiet_end: string | null;
  time_zone: string;
  wants_email: boolean;
  has_push_device: boolean;
}

/** A claimed entry of the planning queue. */
export interface PlanEntry {
  message_id: string;
  room_id: string;
}

/** A notification to open, or to join the user's open row on its channel (and room, for push). */
export interface PlannedNotification {
  userId: string;
  channel: NotificationChannel;
  /** Push: the room; an email digest: null. */
  roomId: string | null;
  messageId: string;
  dueAt: Date;
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

/**
 * A user's level in a room (aliases: r the room, rs their room setting, s their settings): the room's own,
 * else their default, else all in direct rooms and mentions elsewhere. Planning and delivery both ask it.
 */
const LEVEL = `coalesce(rs.level, s.level, CASE WHEN r.room_type = 'ONE_TO_ONE' THEN 'all' ELSE 'mentions' END)`;

/**
 * The notification outbox (migrations Notifications, NotificationPlans): the planning queue the send
 * statement fills, and the rows planned from it for away users, claimed by workers on any node.
 */
@Injectable()
export class NotificationOutboxRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Runs planning work in one transaction: claimed plans, the rows written for them and their removal commit together. */
  transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Claims up to `limit` messages of the planning queue (written by the send statement) for the caller's
   * transaction; SKIP LOCKED lets planners on any number of nodes claim side by side.
   */
  claimPlans(tx: Tx, limit: number): Promise<PlanEntry[]> {
    return queryRows<PlanEntry>(
      tx,
      `SELECT message_id, room_id FROM notification_plans ORDER BY created_at, message_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  /** Done with these plans (in the transaction that wrote their notifications). */
  async deletePlans(tx: Tx, messageIds: string[]): Promise<void> {
    await tx.query(`DELETE FROM notification_plans WHERE message_id = ANY ($1::uuid[])`, [messageIds]);
  }

  /**
   * For each of the messages, the members (not the sender) whom it may notify by their levels (`LEVEL`),
   * unmuted, not snoozed, not blocking the sender, with a push device or (when `emailOn`) an email digest to
   * receive. Mentions (@name, @room, @here) are the send statement's `message_mentions`. One statement
   * for the batch, whatever the rooms' sizes; deleted messages drop out.
   */
  recipients(tx: Tx, messageIds: string[], emailOn: boolean): Promise<Recipient[]> {
    return queryRows<Recipient>(
      tx,
      `SELECT x.message_id, x.user_id, x.direct, x.mentioned, x.quiet_start, x.quiet_end, x.time_zone,
              x.email_on AND (x.direct OR x.mentioned) AND u.email <> '' AS wants_email,
              EXISTS (SELECT 1 FROM notification_devices d WHERE d.user_id = x.user_id) AS has_push_device
         FROM (SELECT msg.id AS message_id, m.user_id, r.room_type = 'ONE_TO_ONE' AS direct,
                      EXISTS (SELECT 1 FROM message_mentions mm WHERE mm.message_id = msg.id AND mm.user_id = m.user_id) AS mentioned,
                      s.quiet_start, s.quiet_end, coalesce(s.time_zone, 'UTC') AS time_zone, coalesce(s.email, true) AS email_on,
                      ${LEVEL} AS level
                 FROM messages msg
                 JOIN rooms r ON r.id = msg.room_id
                 JOIN room_members m ON m.room_id = msg.room_id
                 LEFT JOIN notification_settings s ON s.user_id = m.user_id
                 LEFT JOIN notification_room_settings rs ON rs.user_id = m.user_id AND rs.room_id = m.room_id
                WHERE msg.id = ANY ($1::uuid[]) AND msg.deleted_at IS NULL
                  AND m.user_id IS DISTINCT FROM msg.sender_id AND NOT m.notifications_muted
                  AND (s.snooze_until IS NULL OR s.snooze_until <= now())
                  AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = m.user_id AND b.blocked_id = msg.sender_id)) x
         JOIN users u ON u.id = x.user_id
        WHERE (x.level = 'all' OR (x.level = 'mentions' AND x.mentioned))
          AND (EXISTS (SELECT 1 FROM notification_devices d WHERE d.user_id = x.user_id)
               OR ($2 AND x.email_on AND (x.direct OR x.mentioned) AND u.email <> ''))`,
      [messageIds, emailOn],
    );
  }

  /**
   * Opens a notification per (user, channel, room) in the caller's transaction, or adds the messages to
   * the user's open one (pending and not tried yet: `uq_notifications_open` is the arbiter, so planners on
   * two nodes cannot both open one; the later waits for the earlier's commit and joins its row). A message
   * already in the open row is not added twice. Rows go in key order, so concurrent planners lock alike
   * (no deadlock).
   */
  async enqueue(tx: Tx, rows: PlannedNotification[]): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `WITH input AS (
         SELECT * FROM unnest($1::uuid[], $2::varchar[], $3::uuid[], $4::uuid[], $5::timestamptz[])
           WITH ORDINALITY AS i(user_id, channel, room_id, message_id, due_at, ord)),
       grouped AS (
         SELECT user_id, channel, room_id, array_agg(message_id ORDER BY ord) AS items, min(due_at) AS due_at
           FROM input GROUP BY user_id, channel, room_id)
       INSERT INTO notifications AS n (id, organization_id, user_id, room_id, message_id, channel, items, due_at)
       SELECT gen_random_uuid(), u.organization_id, g.user_id, g.room_id, g.items[1], g.channel, g.items, g.due_at
         FROM grouped g JOIN users u ON u.id = g.user_id ORDER BY g.user_id, g.channel, g.room_id
       ON CONFLICT (user_id, channel, coalesce(room_id, '00000000-0000-0000-0000-000000000000'::uuid))
          WHERE state = 'pending' AND attempts = 0
       DO UPDATE SET items = n.items || ARRAY(SELECT x FROM unnest(EXCLUDED.items) x WHERE NOT x = ANY (n.items))`,
      [
        rows.map((r) => r.userId),
        rows.map((r) => r.channel),
        rows.map((r) => r.roomId),
        rows.map((r) => r.messageId),
        rows.map((r) => r.dueAt.toISOString()),
      ],
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

  /**
   * The row's messages the user still wants notified, oldest first, checked when it is due: unread on every
   * device (`last_read_seq`), not deleted, still a member, the room not muted, the sender not blocked, and
   * the level now in force (`LEVEL`) still asking for it; an email digest carries direct messages and
   * mentions only.
   */
  wantedItems(userId: string, channel: NotificationChannel, items: string[]): Promise<UnreadItem[]> {
    return queryRows<UnreadItem>(
      this.dataSource.manager,
      `SELECT m.id, m.room_id, m.seq::float8 AS seq, m.content, m.created_at,
              coalesce(nullif(r.name, ''), snd.display_name, 'a conversation') AS room_label, snd.display_name AS sender_name
         FROM messages m
         JOIN rooms r ON r.id = m.room_id
         JOIN room_members rm ON rm.room_id = m.room_id AND rm.user_id = $1
         LEFT JOIN users snd ON snd.id = m.sender_id
         LEFT JOIN notification_settings s ON s.user_id = $1
         LEFT JOIN notification_room_settings rs ON rs.user_id = $1 AND rs.room_id = m.room_id
         CROSS JOIN LATERAL (SELECT ${LEVEL} AS level,
                                    EXISTS (SELECT 1 FROM message_mentions mm WHERE mm.message_id = m.id AND mm.user_id = $1) AS mentioned) x
        WHERE m.id = ANY ($2::uuid[]) AND m.deleted_at IS NULL AND m.seq > rm.last_read_seq AND NOT rm.notifications_muted
          AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = $1 AND b.blocked_id = m.sender_id)
          AND (x.level = 'all' OR (x.level = 'mentions' AND x.mentioned))
          AND ($3 = 'push' OR r.room_type = 'ONE_TO_ONE' OR x.mentioned)
        ORDER BY m.created_at, m.id`,
      [userId, items, channel],
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

  /** Hands a claimed row back to be sent at `dueAt` (quiet hours began since it was planned); its attempt stays counted. */
  async postpone(id: string, worker: string, dueAt: Date): Promise<void> {
    await this.dataSource.query(`UPDATE notifications SET due_at = $3, claimed_by = NULL, claimed_until = NULL WHERE id = $1 AND claimed_by = $2`, [
      id,
      worker,
      dueAt.toISOString(),
    ]);
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

  /**
   * A dead notification back in the queue with a fresh attempt budget; false when there is no such dead row.
   * When the user already has an open row on its channel and room, its messages join that row (due now at
   * the latest) and the dead row is settled as skipped, so the open row stays the only one.
   */
  async requeue(id: string): Promise<boolean> {
    const rows = await queryRows(
      this.dataSource.manager,
      `WITH dead AS (SELECT id, user_id, channel, room_id, items FROM notifications WHERE id = $1 AND state = 'dead' FOR UPDATE),
       joined AS (
         UPDATE notifications n SET items = n.items || ARRAY(SELECT x FROM unnest(d.items) x WHERE NOT x = ANY (n.items)),
                due_at = least(n.due_at, now())
           FROM dead d
          WHERE n.state = 'pending' AND n.attempts = 0 AND n.user_id = d.user_id AND n.channel = d.channel
            AND n.room_id IS NOT DISTINCT FROM d.room_id
         RETURNING n.id)
       UPDATE notifications n
          SET state = CASE WHEN EXISTS (SELECT 1 FROM joined) THEN 'skipped' ELSE 'pending' END, attempts = 0, due_at = now(), last_error = NULL
         FROM dead d WHERE n.id = d.id
       RETURNING 1`,
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
