import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../../../core/database/query-rows';
import type { Tx } from '../../../core/database/transaction';

/**
 * Approving a held message, in one statement under the room's row lock (as the send statement takes it):
 * the message becomes `visible` with the room's next seq (so it arrives after what members already have,
 * for catch-up by seq and unread counts alike), and what the send statement leaves out for a hidden
 * message happens now: the room's count, last message and time, its mentions' seqs, its thread root's
 * counters, its `message.created` webhook deliveries (the same `webhook_record` the change triggers use)
 * and its notification plan. Answers nothing when the message is no longer held (approved, rejected,
 * deleted meanwhile).
 */
const APPROVE = `
WITH room AS MATERIALIZED (
  SELECT id, last_seq FROM rooms WHERE id = $2 FOR UPDATE
),
approved AS (
  UPDATE messages m SET visibility = 'visible', seq = room.last_seq + 1
    FROM room
   WHERE m.id = $1 AND m.room_id = room.id AND m.visibility = 'held' AND m.deleted_at IS NULL
  RETURNING m.id, m.room_id, m.seq, m.type, m.sender_id, m.thread_root_id, m.also_in_room
),
bumped AS (
  UPDATE rooms r
     SET last_seq = a.seq, message_count = r.message_count + (a.type = 'text')::int,
         last_message_id = CASE WHEN a.thread_root_id IS NULL OR a.also_in_room THEN a.id ELSE r.last_message_id END,
         last_message_at = now()
    FROM approved a WHERE r.id = a.room_id
),
mentioned AS (
  UPDATE message_mentions mm SET seq = a.seq FROM approved a WHERE mm.message_id = a.id RETURNING mm.user_id
),
thread_bumped AS (
  UPDATE messages r
     SET reply_count = r.reply_count + 1, last_reply_at = now(),
         thread_participants = ARRAY(
           SELECT p FROM unnest(r.thread_participants || a.sender_id) WITH ORDINALITY u(p, o)
            WHERE p IS NOT NULL GROUP BY p ORDER BY min(o) LIMIT 3)
    FROM approved a WHERE r.id = a.thread_root_id
),
planned AS (
  INSERT INTO notification_plans (message_id, room_id) SELECT id, room_id FROM approved WHERE type = 'text'
),
hooked AS (
  SELECT webhook_record('message.created', ARRAY(SELECT jsonb_build_object('message_id', a.id) FROM approved a)) AS done
)
SELECT a.id, (SELECT array_agg(x.user_id) FROM mentioned x) AS notified
  FROM approved a, (SELECT count(*) FROM hooked) h`;

@Injectable()
export class HeldMessagesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Approves a held message (APPROVE); answers the members its mentions now notify, or null when it was not held. */
  async approve(tx: Tx, roomId: string, messageId: string): Promise<{ notified: string[] } | null> {
    const [row] = await queryRows<{ id: string; notified: string[] | null }>(tx, APPROVE, [messageId, roomId]);
    return row ? { notified: row.notified ?? [] } : null;
  }
}
