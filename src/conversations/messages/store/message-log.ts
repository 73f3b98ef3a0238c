import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { newId } from '../../../core/database/uuid';
import { AppConfig } from '../../../core/config/app-config.service';
import { MentionedUser, Message, MessageType, MessageVisibility } from './entities/message.entity';
import { queryRows } from '../../../core/database/query-rows';
import { PreparedStatements } from '../../../core/database/prepared-statements';
import { SENDER_COLUMNS, senderFromRow } from './sender-row';
import { roomInactive, roomNotFound } from '../../../core/errors/errors';

export interface NewMessage {
  roomId: string;
  senderId: string | null;
  type: MessageType;
  content: string;
  meta?: Record<string, unknown>;
  replyToId?: string | null;
  clientMessageId?: string | null;
  /** A reply in this root's thread (checked by the caller: a live top-level message of the room). */
  threadRootId?: string | null;
  /** A thread reply also shown in the room's main history. */
  alsoInRoom?: boolean;
  /** Lower-cased names the content mentions (see mentionedNames); resolved to room members by the append. */
  mentionNames?: string[];
  /** Write only while the sender is a member of the room (checked in the same statement). */
  memberOnly?: boolean;
  /**
   * Who sees it (default `visible`), decided before the batch (ContentPolicy.check: a hold rule, the
   * pre-send hook, the sender's shadow suspension). A hidden message takes its seq like any other but
   * moves no public counter, and queues no webhook or notification (see APPEND_CTE).
   */
  visibility?: MessageVisibility;
}

/** What the log assigned to a message it wrote. */
export interface Appended {
  id: string;
  seq: number;
  createdAt: Date;
}

/**
 * What a member needs to post, read with the membership (m) and room (r) rows the
 * send statement joins anyway: the room is not archived, the member is not muted,
 * an announcement room takes posts from owners and admins only, and neither side
 * of a direct room has blocked the other. Slow mode is the statement's slow_gate,
 * which only active rooms pass through: a send an inactive room refuses must not
 * count as the member's post. MessagesService.whyNotWritten names the rule that
 * refused a send with the policy's 'room.post' rule (src/core/policy/room-rules.ts); test/medium/posting-rules.medium-spec.ts
 * holds the two equal over every combination of what they read.
 */
const MAY_POST = `r.archived_at IS NULL
  AND (m.muted_until IS NULL OR m.muted_until <= now())
  AND (r.posting = 'everyone' OR m.role <> 'member')
  AND (r.direct_key IS NULL OR NOT EXISTS (
        SELECT 1 FROM user_blocks b
         WHERE (b.blocker_id = i.sender_id OR b.blocked_id = i.sender_id)
           AND r.direct_key LIKE '%' || b.blocker_id::text || '%' AND r.direct_key LIKE '%' || b.blocked_id::text || '%'))`;

/**
 * One statement appends any number of messages to any number of rooms. Room rows
 * are found by primary key (`= ANY (ARRAY(...))`: an index lookup in the generic
 * plan however small the table, where a join planned a scan of every room) and
 * locked in id order (so concurrent batches, on any node, cannot deadlock),
 * each room's `last_seq` moves once by its count and the messages take the seqs
 * in between in input order: gapless, in commit order. Counters, last message,
 * each sender's read position, the `message.created` webhook deliveries (one per
 * message and subscribed endpoint, its id only: see migration WebhookMessagesRenderedInApp) and
 * each text message's notification plan (one small row in platform/notifications' queue, its
 * planner's to turn into notifications: see migration NotificationPlans) are
 * written by the same statement. A message is skipped,
 * not failed, when its room is missing or inactive (system messages may still go
 * to an inactive room), its sender is not a member or may not post there
 * (`memberOnly`, MAY_POST, slow mode: only the first message of a slowed member
 * whose interval has passed), or its (sender, client_message_id) already exists;
 * the caller finds out why. A `held` or `shadow` message (NewMessage.visibility) is numbered and
 * written like any other, and counts as read by its sender, but leaves the room's public state alone: its
 * message count, last message and time, its thread root's counters, and it queues no webhook delivery
 * and no notification plan; approving a held message does those (HeldMessagesRepository.approve).
 */
const appendCte = (f: AppendFeatures) => `
WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::jsonb[], $7::uuid[], $8::text[], $9::bool[],
                       $10::uuid[], $11::bool[], $12::text[], $13::text[])
    WITH ORDINALITY AS t(id, room_id, sender_id, type, content, meta, reply_to_id, client_message_id, member_only,
                         thread_root_id, also_in_room, mention_names, visibility, ord)
),
candidates AS (
  SELECT i.*, (i.member_only AND p.slowed) AS slowed
    FROM input i
    LEFT JOIN LATERAL (
      SELECT ${MAY_POST} AS may_post, (m.role = 'member' AND r.slow_mode_seconds > 0 AND r.is_active) AS slowed
        FROM room_members m JOIN rooms r ON r.id = m.room_id
       WHERE i.member_only AND m.room_id = i.room_id AND m.user_id = i.sender_id
       LIMIT 1) p ON true
   WHERE (NOT i.member_only OR p.may_post)
     AND (i.client_message_id IS NULL OR NOT EXISTS (
           SELECT 1 FROM messages x WHERE x.sender_id = i.sender_id AND x.client_message_id = i.client_message_id))
),
slow_gate AS (
  INSERT INTO slow_mode_marks AS s (room_id, user_id, posted_at)
  SELECT DISTINCT ON (room_id, sender_id) room_id, sender_id, now() FROM candidates WHERE slowed ORDER BY room_id, sender_id, ord
  ON CONFLICT (room_id, user_id) DO UPDATE SET posted_at = EXCLUDED.posted_at
   WHERE s.posted_at <= now() - make_interval(secs => (SELECT slow_mode_seconds FROM rooms WHERE id = EXCLUDED.room_id))
  RETURNING room_id, user_id
),
accepted AS (
  SELECT c.* FROM candidates c
   WHERE NOT c.slowed
      OR c.ord = (SELECT min(o.ord) FROM candidates o
                   WHERE o.slowed AND o.room_id = c.room_id AND o.sender_id = c.sender_id
                     AND EXISTS (SELECT 1 FROM slow_gate g WHERE g.room_id = o.room_id AND g.user_id = o.sender_id))
),
${f.mentions ? MENTION_CTES : ''}locked AS MATERIALIZED (
  SELECT id FROM rooms WHERE id = ANY (ARRAY(SELECT room_id FROM accepted)) ORDER BY id FOR UPDATE
),
counts AS (
  SELECT room_id, count(*)::int AS n, (count(*) FILTER (WHERE type = 'text' AND visibility = 'visible'))::int AS counted,
         bool_and(type = 'system') AS only_system, bool_or(visibility = 'visible') AS any_visible,
         (array_agg(id ORDER BY ord DESC) FILTER (WHERE (thread_root_id IS NULL OR also_in_room) AND visibility = 'visible'))[1] AS last_id
    FROM accepted GROUP BY room_id
),
bumped AS (
  UPDATE rooms r
     SET last_seq = r.last_seq + c.n, message_count = r.message_count + c.counted,
         last_message_id = COALESCE(c.last_id, r.last_message_id),
         last_message_at = CASE WHEN c.any_visible THEN now() ELSE r.last_message_at END
    FROM counts c
   WHERE r.id = c.room_id AND r.id = ANY (ARRAY(SELECT id FROM locked)) AND (r.is_active OR c.only_system)
  RETURNING r.id, r.last_seq - c.n AS base
),
inserted AS (
  INSERT INTO messages (id, room_id, seq, type, sender_id, content, meta, reply_to_id, client_message_id, thread_root_id, also_in_room, mentions,
                        visibility)
  SELECT a.id, a.room_id, b.base + row_number() OVER (PARTITION BY a.room_id ORDER BY a.ord),
         a.type, a.sender_id, a.content, a.meta, a.reply_to_id, a.client_message_id, a.thread_root_id, COALESCE(a.also_in_room, false),
         ${f.mentions ? `COALESCE(mj.mentions, '[]'::jsonb)` : `'[]'::jsonb`}, a.visibility
    FROM accepted a JOIN bumped b ON b.id = a.room_id ${f.mentions ? 'LEFT JOIN mention_json mj ON mj.message_id = a.id' : ''}
  RETURNING id, room_id, seq, type, sender_id, created_at, thread_root_id, mentions, visibility
),
hooked AS (
  INSERT INTO webhook_deliveries (id, endpoint_id, event_type, subject)
  SELECT webhook_uuid7(), e.id, 'message.created', jsonb_build_object('message_id', i.id)
    FROM webhook_endpoints e CROSS JOIN inserted i
   WHERE i.visibility = 'visible' AND e.enabled AND (cardinality(e.event_types) = 0 OR 'message.created' = ANY (e.event_types))
   ORDER BY i.room_id, i.seq, e.id
),
planned AS (
  INSERT INTO notification_plans (message_id, room_id)
  SELECT id, room_id FROM inserted WHERE type = 'text' AND visibility = 'visible'
),
${f.mentions ? MENTIONED_CTE : ''}${f.threads ? THREAD_CTE : ''}sender_read AS (
  UPDATE room_members m SET last_read_seq = GREATEST(m.last_read_seq, x.seq)
    FROM (SELECT room_id, sender_id, max(seq) AS seq FROM inserted
           WHERE type = 'text' AND sender_id IS NOT NULL GROUP BY room_id, sender_id) x
   WHERE m.room_id = x.room_id AND m.user_id = x.sender_id
)`;
/** The parts of the statement only some batches need (a plain message skips them: less to execute). */
interface AppendFeatures {
  /** Some message names someone (`mention_names`): resolve, store and answer mentions; uses $14. */
  mentions: boolean;
  /** Some message is a thread reply: move its root's counters. */
  threads: boolean;
}

/**
 * Mentions resolved to members of the message's room; @room/@here from senders with one of $14's roles.
 * A hidden message's mentions are stored too (their reads apply `seenBy`); nobody is told until it is approved.
 * Nobody is reached by a mention from a user they blocked (docs/moderation.md, blocks).
 */
const MENTION_CTES = `named AS (
  SELECT a.id AS message_id, u.id AS user_id, u.username
    FROM accepted a
    CROSS JOIN LATERAL unnest(string_to_array(a.mention_names, ' ')) AS n(name)
    JOIN users u ON u.username = n.name
    JOIN room_members rm ON rm.room_id = a.room_id AND rm.user_id = u.id
   WHERE a.mention_names IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = u.id AND b.blocked_id = a.sender_id)
),
mention_json AS (
  SELECT message_id, jsonb_agg(jsonb_build_object('id', user_id, 'username', username) ORDER BY username) AS mentions
    FROM named GROUP BY message_id
),
everyone AS (
  SELECT a.id AS message_id, rm.user_id
    FROM accepted a JOIN room_members rm ON rm.room_id = a.room_id
   WHERE a.mention_names IS NOT NULL AND string_to_array(a.mention_names, ' ') && ARRAY['room', 'here']
     AND EXISTS (SELECT 1 FROM room_members s WHERE s.room_id = a.room_id AND s.user_id = a.sender_id AND s.role = ANY($14::text[]))
     AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = rm.user_id AND b.blocked_id = a.sender_id)
),
`;
const MENTIONED_CTE = `mentioned AS (
  INSERT INTO message_mentions (message_id, user_id, room_id, seq)
  SELECT i.id, x.user_id, i.room_id, i.seq
    FROM inserted i JOIN (SELECT message_id, user_id FROM named UNION SELECT message_id, user_id FROM everyone) x ON x.message_id = i.id
   WHERE x.user_id IS DISTINCT FROM i.sender_id
  RETURNING message_id, user_id
),
`;
const THREAD_CTE = `thread_bumped AS (
  UPDATE messages r
     SET reply_count = r.reply_count + t.n, last_reply_at = now(),
         thread_participants = ARRAY(
           SELECT p FROM unnest(r.thread_participants || t.senders) WITH ORDINALITY u(p, o)
            WHERE p IS NOT NULL GROUP BY p ORDER BY min(o) LIMIT 3)
    FROM (SELECT thread_root_id, count(*)::int AS n, array_agg(sender_id ORDER BY seq) AS senders
            FROM inserted WHERE thread_root_id IS NOT NULL AND visibility = 'visible' GROUP BY thread_root_id) t
   WHERE r.id = t.thread_root_id
),
`;

const VARIANTS = [false, true].flatMap((mentions) => [false, true].map((threads) => ({ mentions, threads })));
const key = (f: AppendFeatures) => Number(f.mentions) * 2 + Number(f.threads);
/** Inside a caller's transaction: what each written message got. */
const APPEND_SQL = VARIANTS.map((f) => `${appendCte(f)} SELECT id, seq, created_at FROM inserted`);
/** The send path's variant: each written message with its sender's columns, so a batch costs one round trip. */
const APPEND_WITH_SENDERS_SQL = VARIANTS.map(
  (f) => `${appendCte(f)}
SELECT i.id, i.seq, i.created_at, i.mentions,
       ${f.mentions ? '(SELECT array_agg(x.user_id) FROM mentioned x WHERE x.message_id = i.id)' : 'NULL::uuid[]'} AS notified, ${SENDER_COLUMNS}
  FROM inserted i LEFT JOIN users u ON u.id = i.sender_id`,
);

function featuresOf(inputs: NewMessage[]): AppendFeatures {
  return { mentions: inputs.some((m) => m.mentionNames?.length), threads: inputs.some((m) => m.threadRootId) };
}

/** Appends messages: in bulk for the send path, one at a time inside a caller's transaction for system messages. */
@Injectable()
export class MessageLog {
  /** Writes the messages that may be written (see APPEND_CTE); answers what each written one got, by input index. */
  private readonly roomMentionRoles: string[];

  constructor(
    private readonly statements: PreparedStatements,
    config: AppConfig,
  ) {
    this.roomMentionRoles = config.get('MENTION_ROOM_ROLES');
  }

  /** Writes the messages that may be written (see APPEND_CTE) inside the caller's transaction; what each written one got, by input index. */
  async appendMany(manager: Pick<EntityManager, 'query'>, inputs: (NewMessage & { id?: string })[]): Promise<(Appended | null)[]> {
    const ids = inputs.map((m) => m.id ?? newId());
    const f = featuresOf(inputs);
    const rows = await queryRows<AppendedRow>(manager, APPEND_SQL[key(f)], appendParams(ids, inputs, f, this.roomMentionRoles));
    return byInput(ids, rows, (r) => ({ id: r.id, seq: Number(r.seq), createdAt: r.created_at }));
  }

  /**
   * The send path's batch: the same statement on its own (one implicit transaction), as a
   * prepared statement, answering each written message (sender loaded) or null when skipped.
   * With `manager`, the same inside the caller's transaction (a send that attaches files).
   */
  async appendBatch(inputs: NewMessage[], manager?: Pick<EntityManager, 'query'>): Promise<(Message | null)[]> {
    const ids = inputs.map(() => newId());
    const f = featuresOf(inputs);
    const params = appendParams(ids, inputs, f, this.roomMentionRoles);
    const sql = APPEND_WITH_SENDERS_SQL[key(f)];
    const rows = manager
      ? await queryRows<AppendedRow>(manager, sql, params)
      : await this.statements.rows<AppendedRow>(sql, params, { genericPlan: true });
    const appended = byInput(ids, rows, (r) => r);
    return inputs.map((input, i) => {
      const row = appended[i];
      if (!row) return null;
      const message = toMessage(input, { id: row.id, seq: Number(row.seq), createdAt: row.created_at });
      message.sender = senderFromRow(row, input.senderId);
      message.mentions = (row.mentions as MentionedUser[] | undefined) ?? [];
      message.notifiedUserIds = (row.notified as string[] | null) ?? [];
      return message;
    });
  }

  /** Appends one message inside the caller's transaction; a missing or inactive room is an error. */
  async append(manager: EntityManager, input: NewMessage): Promise<Message> {
    const [appended] = await this.appendMany(manager, [input]);
    if (!appended) {
      const [room] = await manager.query(`SELECT is_active FROM rooms WHERE id = $1`, [input.roomId]);
      throw room ? roomInactive() : roomNotFound();
    }
    return toMessage(input, appended);
  }

  /** A system message ("alice joined the room"), sent by the acting user; never unread. */
  system(manager: EntityManager, roomId: string, actorId: string | null, content: string): Promise<Message> {
    return this.append(manager, { roomId, senderId: actorId, type: 'system', content });
  }
}

type AppendedRow = Record<string, unknown> & { id: string; seq: string; created_at: Date };

function appendParams(ids: string[], inputs: NewMessage[], f: AppendFeatures, roomMentionRoles: string[]): unknown[] {
  const params = [
    ids,
    inputs.map((m) => m.roomId),
    inputs.map((m) => m.senderId),
    inputs.map((m) => m.type),
    inputs.map((m) => m.content),
    inputs.map((m) => JSON.stringify(m.meta ?? {})),
    inputs.map((m) => m.replyToId ?? null),
    inputs.map((m) => m.clientMessageId ?? null),
    inputs.map((m) => m.memberOnly ?? false),
    inputs.map((m) => m.threadRootId ?? null),
    inputs.map((m) => m.alsoInRoom ?? false),
    inputs.map((m) => (m.mentionNames?.length ? m.mentionNames.join(' ') : null)),
    inputs.map((m) => m.visibility ?? 'visible'),
  ];
  return f.mentions ? [...params, roomMentionRoles] : params;
}

function byInput<T>(ids: string[], rows: AppendedRow[], map: (row: AppendedRow) => T): (T | null)[] {
  const byId = new Map(rows.map((r) => [r.id, map(r)]));
  return ids.map((id) => byId.get(id) ?? null);
}

export function toMessage(input: NewMessage, appended: Appended): Message {
  return Object.assign(new Message(), {
    id: appended.id,
    roomId: input.roomId,
    seq: appended.seq,
    type: input.type,
    senderId: input.senderId,
    content: input.content,
    meta: input.meta ?? {},
    replyToId: input.replyToId ?? null,
    clientMessageId: input.clientMessageId ?? null,
    createdAt: appended.createdAt,
    editedAt: null,
    deletedAt: null,
    reactions: [],
    mentions: [],
    threadRootId: input.threadRootId ?? null,
    alsoInRoom: input.alsoInRoom ?? false,
    replyCount: 0,
    lastReplyAt: null,
    threadParticipants: [],
    pinnedAt: null,
    pinnedBy: null,
    visibility: input.visibility ?? 'visible',
  });
}
