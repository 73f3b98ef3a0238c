import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, LessThan, SelectQueryBuilder } from 'typeorm';
import { User } from '../../../identity/users/store/entities/user.entity';
import { Message } from './entities/message.entity';
import { MessageRevision } from './entities/message-revision.entity';
import { Room } from '../../rooms/store/entities/room.entity';
import { queryRows } from '../../../core/database/query-rows';
import { PreparedStatements } from '../../../core/database/prepared-statements';
import { ReadReplicas } from '../../../core/database/read-replicas';
import { SENDER_COLUMNS, senderFromRow } from './sender-row';
import { AppConfig } from '../../../core/config/app-config.service';
import { parseTextQuery, searchVector, tsquerySql } from '../../../core/database/text-search';
import { attachmentsJson, type UploadJson } from '../../uploads/store/uploads.repository';
import { MessageReader, readerParams, seenBy } from './message-visibility';

/** A message row with its sender's columns (u_*), read without ORM hydration on the hot paths. */
const messageWithSender = (extraColumns = '') => `
  SELECT m.id, m.room_id, m.seq, m.type, m.sender_id, m.content, m.meta, m.reply_to_id, m.client_message_id,
         m.created_at, m.edited_at, m.deleted_at, m.reactions, m.mentions,
         m.thread_root_id, m.also_in_room, m.reply_count, m.last_reply_at, m.thread_participants,
         m.pinned_at, m.pinned_by, m.visibility, ${SENDER_COLUMNS}${extraColumns}
    FROM messages m LEFT JOIN users u ON u.id = m.sender_id`;
const MESSAGE_WITH_SENDER = messageWithSender();

/**
 * Copies the live message $1 as its next revision, replaced at `replacedAt` for `cause`: the
 * version is the number kept so far, read after the caller locked the row, so concurrent edits
 * follow each other.
 */
const keepVersion = (replacedAt: string, cause: 'edit' | 'delete', extraFilter = '') => `
  INSERT INTO message_revisions (message_id, version, content, meta, written_at, replaced_at, replaced_by)
  SELECT m.id, (SELECT count(*)::int FROM message_revisions r WHERE r.message_id = m.id), m.content, m.meta,
         coalesce(m.edited_at, m.created_at), ${replacedAt}, '${cause}'
    FROM messages m WHERE m.id = $1 AND m.deleted_at IS NULL${extraFilter}`;

/**
 * What a reader's page needs beyond its rows, read in the same statement rather than in two
 * more round trips: the attachments of live messages (ix_uploads_message) and which of a
 * message's reactions are the reader's own (pk_message_reactions; only where it has any). Both are
 * JSON (NULL when there are none): pg reads JSON natively, a text[] character by character.
 */
const withViewerColumns = (viewerParam: string) =>
  messageWithSender(`,
         CASE WHEN m.deleted_at IS NULL THEN ${attachmentsJson('m')} END AS x_files,
         CASE WHEN m.reactions <> '[]'::jsonb
              THEN (SELECT json_agg(r.emoji) FROM message_reactions r WHERE r.message_id = m.id AND r.user_id = ${viewerParam}) END AS x_mine`);

/** A reader's own reactions (`reactionKey`s) and the attachments, for the messages in `covered`. */
export interface ViewerExtras {
  covered: Set<string>;
  mine: Set<string>;
  files: Map<string, UploadJson[]>;
}

/** Messages, ascending, with what MessageViews needs for their reader. */
export interface ViewerPage {
  messages: Message[];
  extras: ViewerExtras;
}

function extrasOf(rows: MessageRow[]): ViewerExtras {
  const extras: ViewerExtras = { covered: new Set(), mine: new Set(), files: new Map() };
  for (const row of rows) {
    const id = row.id as string;
    extras.covered.add(id);
    for (const emoji of (row.x_mine as string[] | null) ?? []) extras.mine.add(reactionKey(id, emoji));
    const files = row.x_files as UploadJson[] | null;
    if (files) extras.files.set(id, files);
  }
  return extras;
}

type MessageRow = Record<string, unknown> & { seq: string; sender_id: string | null };

function toMessage(r: MessageRow): Message {
  return Object.assign(new Message(), {
    id: r.id,
    roomId: r.room_id,
    seq: Number(r.seq),
    type: r.type,
    senderId: r.sender_id,
    sender: senderFromRow(r, r.sender_id),
    content: r.content,
    meta: r.meta,
    replyToId: r.reply_to_id,
    clientMessageId: r.client_message_id,
    createdAt: r.created_at,
    editedAt: r.edited_at,
    deletedAt: r.deleted_at,
    reactions: r.reactions,
    mentions: r.mentions,
    threadRootId: r.thread_root_id,
    alsoInRoom: r.also_in_room,
    replyCount: r.reply_count,
    lastReplyAt: r.last_reply_at,
    threadParticipants: r.thread_participants,
    pinnedAt: r.pinned_at,
    pinnedBy: r.pinned_by,
    visibility: r.visibility,
  });
}

export interface HistoryWindow {
  before?: number;
  after?: number;
  limit: number;
  /** Sync reads every message of the room; the main history leaves thread-only replies out. */
  withThreadReplies?: boolean;
}

/** The room's main history: top-level messages and thread replies also sent to the room. */
const IN_MAIN_HISTORY = '(m.thread_root_id IS NULL OR m.also_in_room)';

@Injectable()
export class MessagesRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reads: PreparedStatements,
    private readonly config: AppConfig,
    private readonly replicas: ReadReplicas,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  private withSender(manager: EntityManager = this.dataSource.manager): SelectQueryBuilder<Message> {
    return manager.getRepository(Message).createQueryBuilder('m').leftJoinAndSelect('m.sender', 'u');
  }

  findInRoom(roomId: string, id: string): Promise<Message | null> {
    return this.withSender().where('m.room_id = :roomId AND m.id = :id', { roomId, id }).getOne();
  }

  async findByIds(ids: string[]): Promise<Message[]> {
    if (ids.length === 0) return [];
    const rows = await this.reads.rows<MessageRow>(`${MESSAGE_WITH_SENDER} WHERE m.id = ANY($1::uuid[])`, [ids]);
    return rows.map(toMessage);
  }

  findByClientId(senderId: string, clientMessageId: string): Promise<Message | null> {
    return this.withSender().where('m.sender_id = :senderId AND m.client_message_id = :clientMessageId', { senderId, clientMessageId }).getOne();
  }

  async existsInRoom(roomId: string, id: string): Promise<boolean> {
    const rows = await this.dataSource.query(`SELECT 1 FROM messages WHERE room_id = $1 AND id = $2`, [roomId, id]);
    return rows.length > 0;
  }

  /**
   * Keyset page on (room_id, seq): the newest page, the page before a seq, or
   * after one, of the messages the reader sees (`seenBy`). Always returned ascending. Cost is independent of depth.
   */
  async page(roomId: string, reader: MessageReader, { before, after, limit, withThreadReplies = false }: HistoryWindow): Promise<ViewerPage> {
    const ascending = after !== undefined;
    const viewerId = reader.id;
    const params = [roomId, before ?? Number.MAX_SAFE_INTEGER, after ?? 0, limit, ...readerParams(reader)];
    const sql = (guard = '') => `${withViewerColumns('$5')}
        WHERE m.room_id = $1 AND m.seq < $2 AND m.seq > $3 ${withThreadReplies ? '' : `AND ${IN_MAIN_HISTORY}`} AND ${seenBy('m', '$5', '$6')}${guard}
        ORDER BY m.seq ${ascending ? 'ASC' : 'DESC'} LIMIT $4`;
    // Scrollback (`before` alone) may come from a read replica, when that replica holds every message
    // below `before`: it answers no rows otherwise (the guard), and a short page goes to the primary.
    // The newest page and `after` paging are the faults contract's gap-filling reads: always the primary's.
    const scrollback = before !== undefined && after === undefined && this.replicas.enabled;
    const rows = scrollback
      ? await this.replicas.rows<MessageRow>(
          sql(' AND (SELECT r.last_seq FROM rooms r WHERE r.id = $1) >= $2 - 1'),
          params,
          viewerId,
          (page) => page.length === limit,
        )
      : await this.reads.rows<MessageRow>(sql(), params);
    if (!ascending) rows.reverse();
    return { messages: rows.map(toMessage), extras: extrasOf(rows) };
  }

  /**
   * Each room's messages after its seq that the reader sees, oldest first, at most `limit` per room, thread
   * replies included (what `sync` pages): one statement for any number of rooms, each
   * room read by keyset on (room_id, seq).
   */
  async pagesAfter(
    after: Map<string, number>,
    limit: number,
    reader: MessageReader,
  ): Promise<{ pages: Map<string, Message[]>; extras: ViewerExtras }> {
    const rows = await this.reads.rows<MessageRow>(
      `SELECT x.* FROM unnest($1::uuid[], $2::bigint[]) AS q(room_id, after_seq)
        CROSS JOIN LATERAL (${withViewerColumns('$4')}
          WHERE m.room_id = q.room_id AND m.seq > q.after_seq AND ${seenBy('m', '$4', '$5')} ORDER BY m.seq ASC LIMIT $3) x`,
      [[...after.keys()], [...after.values()], limit, ...readerParams(reader)],
    );
    const pages = new Map<string, Message[]>([...after.keys()].map((roomId) => [roomId, []]));
    for (const message of rows.map(toMessage)) pages.get(message.roomId)?.push(message);
    return { pages, extras: extrasOf(rows) };
  }

  /** A thread's replies the reader sees, by keyset on seq (ix_messages_thread), ascending like history. */
  async threadPage(rootId: string, reader: MessageReader, { before, after, limit }: HistoryWindow): Promise<ViewerPage> {
    const ascending = after !== undefined;
    const rows = await this.reads.rows<MessageRow>(
      `${withViewerColumns('$5')}
        WHERE m.thread_root_id = $1 AND m.seq < $2 AND m.seq > $3 AND ${seenBy('m', '$5', '$6')}
        ORDER BY m.seq ${ascending ? 'ASC' : 'DESC'} LIMIT $4`,
      [rootId, before ?? Number.MAX_SAFE_INTEGER, after ?? 0, limit, ...readerParams(reader)],
    );
    if (!ascending) rows.reverse();
    return { messages: rows.map(toMessage), extras: extrasOf(rows) };
  }

  /**
   * The room's messages held for review (not deleted), oldest first, after a seq (ix_messages_held): the
   * moderators' queue. Read with the reviewer's own reactions and the attachments, as history is.
   */
  async heldPage(roomId: string, after: number, limit: number, viewerId: string): Promise<ViewerPage> {
    const rows = await this.reads.rows<MessageRow>(
      `${withViewerColumns('$4')}
        WHERE m.room_id = $1 AND m.visibility = 'held' AND m.deleted_at IS NULL AND m.seq > $2
        ORDER BY m.seq ASC LIMIT $3`,
      [roomId, after, limit, viewerId],
    );
    return { messages: rows.map(toMessage), extras: extrasOf(rows) };
  }

  /** Full-text matches the reader sees in one room (GIN index, see text-search.ts), newest first, as a keyset page on seq. */
  async search(roomId: string, text: string, before: number | undefined, limit: number, reader: MessageReader): Promise<Message[]> {
    const language = this.config.get('SEARCH_LANGUAGE');
    const tsquery = tsquerySql(language, parseTextQuery(text), 6);
    // Search may lag its messages by DATABASE_REPLICA_MAX_LAG_MS (not the reader's own): a read replica's.
    const rows = await this.replicas.rows<MessageRow>(
      `${MESSAGE_WITH_SENDER}
        WHERE m.room_id = $1 AND m.seq < $2 AND m.deleted_at IS NULL AND ${searchVector(language)} @@ ${tsquery.sql}
          AND ${seenBy('m', '$4', '$5')}
        ORDER BY m.seq DESC LIMIT $3`,
      [roomId, before ?? Number.MAX_SAFE_INTEGER, limit, ...readerParams(reader), ...tsquery.params],
      reader.id,
    );
    return rows.map(toMessage).reverse();
  }

  /**
   * Replaces the content and keeps the version it replaces (message_revisions) in one transaction:
   * the message row is locked first, so concurrent edits number their versions in turn.
   * Answers false when the message was deleted meanwhile (nothing written).
   */
  async updateContent(id: string, content: string, at: Date): Promise<boolean> {
    return this.transaction(async (tx) => {
      await this.lockLive(tx, id);
      const rows = await queryRows(
        tx,
        `WITH kept AS (${keepVersion('$3', 'edit')})
         UPDATE messages SET content = $2, edited_at = $3 WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
        [id, content, at],
      );
      return rows.length > 0;
    });
  }

  /** Locks a live message's row for the rest of the transaction (edits and deletes number versions under it). */
  private async lockLive(tx: EntityManager, id: string): Promise<void> {
    await tx.query(`SELECT 1 FROM messages WHERE id = $1 AND deleted_at IS NULL FOR UPDATE`, [id]);
  }

  /**
   * Tombstone: keeps the seq, empties the content; text messages leave the room's count. The
   * blanked content stays in message_revisions for the room's moderators until retention removes it.
   * Answers whether this call made the tombstone (false: it was deleted meanwhile, nothing changed).
   */
  async tombstone(message: Message, at: Date, manager?: EntityManager): Promise<boolean> {
    const work = async (tx: EntityManager) => {
      await this.lockLive(tx, message.id);
      const rows = await queryRows(
        tx,
        `WITH kept AS (${keepVersion('$2', 'delete', ` AND m.type = 'text'`)})
         UPDATE messages SET content = '', meta = '{}'::jsonb, deleted_at = $2, pinned_at = NULL, pinned_by = NULL
          WHERE id = $1 AND deleted_at IS NULL RETURNING id`,
        [message.id, at],
      );
      if (rows.length === 0) return false;
      // Only a visible message was counted (the send statement counts nothing else).
      if (message.type === 'text' && message.visibility === 'visible') {
        await tx.query(`UPDATE rooms SET message_count = GREATEST(message_count - 1, 0) WHERE id = $1`, [message.roomId]);
      }
      return true;
    };
    return manager ? work(manager) : this.transaction(work);
  }

  /** A message's earlier versions, newest first, by keyset on `version` (pk_message_revisions), below `before`. */
  revisions(messageId: string, before: number | undefined, limit: number): Promise<MessageRevision[]> {
    return this.dataSource.getRepository(MessageRevision).find({
      where: { messageId, ...(before !== undefined ? { version: LessThan(before) } : {}) },
      order: { version: 'DESC' },
      take: limit,
    });
  }

  /** The message's content with its version (the number of edits before it), read in one statement. */
  async currentVersion(messageId: string): Promise<{ content: string; version: number } | null> {
    const [row] = await queryRows<{ content: string; version: number }>(
      this.dataSource,
      `SELECT m.content, (SELECT count(*)::int FROM message_revisions r WHERE r.message_id = m.id AND r.replaced_by = 'edit') AS version
         FROM messages m WHERE m.id = $1`,
      [messageId],
    );
    return row ?? null;
  }

  /** What the policy's 'room.post' rule needs beyond the room and membership: a block in a direct room, slow mode's wait. */
  async postingFacts(room: Room, userId: string, role: string): Promise<{ blockedDirect: boolean; slowModeRemainingMs: number }> {
    const [row] = await queryRows<{ blocked: boolean; remaining_ms: number | null }>(
      this.dataSource,
      `SELECT EXISTS (SELECT 1 FROM user_blocks b
                       WHERE $2::text IS NOT NULL AND (b.blocker_id = $1 OR b.blocked_id = $1)
                         AND $2 LIKE '%' || b.blocker_id::text || '%' AND $2 LIKE '%' || b.blocked_id::text || '%') AS blocked,
              (SELECT ceil(extract(epoch FROM s.posted_at + make_interval(secs => $4) - clock_timestamp()) * 1000)::int
                 FROM slow_mode_marks s WHERE s.room_id = $3 AND s.user_id = $1 AND $4 > 0 AND $5 = 'member') AS remaining_ms`,
      [userId, room.directKey, room.id, room.slowModeSeconds, role],
    );
    return { blockedDirect: row.blocked, slowModeRemainingMs: Math.max(0, row.remaining_ms ?? 0) };
  }

  /** Moves a member's read position forward only; returns the position now stored. */
  async markRead(roomId: string, userId: string, seq: number): Promise<number> {
    const rows = await queryRows<{ last_read_seq: string }>(
      this.dataSource,
      `UPDATE room_members SET last_read_seq = GREATEST(last_read_seq, $3)
        WHERE room_id = $1 AND user_id = $2 RETURNING last_read_seq`,
      [roomId, userId, seq],
    );
    return Number(rows[0]?.last_read_seq ?? 0);
  }

  /**
   * Unread text messages per room for one member: after their read position,
   * not their own, not deleted, seen by them. One query for any number of rooms.
   */
  async unreadCounts(reader: MessageReader, roomIds?: string[]): Promise<Map<string, number>> {
    const rows = await this.reads.rows<{ room_id: string; unread: number }>(
      `SELECT rm.room_id, count(m.id)::int AS unread
         FROM room_members rm
         JOIN messages m ON m.room_id = rm.room_id AND m.seq > rm.last_read_seq
        WHERE rm.user_id = $1 ${roomIds ? 'AND rm.room_id = ANY($3::uuid[])' : ''}
          AND m.type = 'text' AND m.deleted_at IS NULL AND m.sender_id IS DISTINCT FROM $1 AND ${seenBy('m', '$1', '$2')}
        GROUP BY rm.room_id`,
      roomIds ? [...readerParams(reader), roomIds] : readerParams(reader),
    );
    return new Map(rows.map((r) => [r.room_id, r.unread]));
  }

  /** Which of these messages' emojis the viewer reacted with: one query for a page (reactions' `me`). */
  async myReactions(userId: string, messageIds: string[]): Promise<Set<string>> {
    if (messageIds.length === 0) return new Set();
    const rows = await this.reads.rows<{ message_id: string; emoji: string }>(
      `SELECT message_id, emoji FROM message_reactions WHERE message_id = ANY($1::uuid[]) AND user_id = $2`,
      [messageIds, userId],
    );
    return new Set(rows.map((r) => reactionKey(r.message_id, r.emoji)));
  }

  /** Mentions of the user past their read position in messages they see, per room: one query for any number of rooms. */
  async unreadMentionCounts(reader: MessageReader, roomIds: string[]): Promise<Map<string, number>> {
    const rows = await this.reads.rows<{ room_id: string; n: number }>(
      `SELECT rm.room_id, count(mm.message_id)::int AS n
         FROM room_members rm
         JOIN message_mentions mm ON mm.user_id = rm.user_id AND mm.room_id = rm.room_id AND mm.seq > rm.last_read_seq
         JOIN messages m ON m.id = mm.message_id
        WHERE rm.user_id = $1 AND rm.room_id = ANY($3::uuid[]) AND ${seenBy('m', '$1', '$2')}
        GROUP BY rm.room_id`,
      [...readerParams(reader), roomIds],
    );
    return new Map(rows.map((r) => [r.room_id, r.n]));
  }

  /** Members whose read position has reached `seq` (the sender excluded). */
  readers(roomId: string, seq: number, senderId: string | null): Promise<User[]> {
    return this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .innerJoin('room_members', 'rm', 'rm.user_id = u.id AND rm.room_id = :roomId AND rm.last_read_seq >= :seq', { roomId, seq })
      .where(senderId ? 'u.id <> :senderId' : 'true', { senderId })
      .orderBy('u.username', 'ASC')
      .getMany();
  }
}

export const reactionKey = (messageId: string, emoji: string) => `${messageId} ${emoji}`;
