import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { MessageVisibility, ReactionCount } from '../../messages/store/entities/message.entity';
import { queryRows } from '../../../core/database/query-rows';
import { SENDER_COLUMNS, senderFromRow } from '../../messages/store/sender-row';
import type { User } from '../../../identity/users/store/entities/user.entity';
import type { TimeKey } from '../../../core/pagination/opaque-cursor';

export interface LockedMessage {
  deleted: boolean;
  reactions: ReactionCount[];
  senderId: string | null;
  visibility: MessageVisibility;
}

/** Recounts one message's reactions from its rows (emoji order: first use), stores and answers them. */
const RECOUNT = `
UPDATE messages SET reactions = COALESCE((
  SELECT jsonb_agg(jsonb_build_object('emoji', emoji, 'count', n) ORDER BY first_at, emoji)
    FROM (SELECT emoji, count(*)::int AS n, min(created_at) AS first_at FROM message_reactions WHERE message_id = $1 GROUP BY emoji) s
), '[]'::jsonb)
 WHERE id = $1 RETURNING reactions`;

@Injectable()
export class ReactionsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Locks the message row: reactions to one message serialise, so the counts the
   * next statement recomputes (read committed: a fresh snapshot) include every
   * committed reaction and the 50-emoji limit holds.
   */
  async lockMessage(manager: Pick<EntityManager, 'query'>, roomId: string, messageId: string, lock = true): Promise<LockedMessage | null> {
    const [row] = await queryRows<{ deleted_at: Date | null; reactions: ReactionCount[]; sender_id: string | null; visibility: MessageVisibility }>(
      manager,
      `SELECT deleted_at, reactions, sender_id, visibility FROM messages WHERE id = $1 AND room_id = $2 ${lock ? 'FOR UPDATE' : ''}`,
      [messageId, roomId],
    );
    return row ? { deleted: row.deleted_at !== null, reactions: row.reactions, senderId: row.sender_id, visibility: row.visibility } : null;
  }

  /** False when the user had already reacted with this emoji. */
  async insert(manager: EntityManager, messageId: string, emoji: string, userId: string): Promise<boolean> {
    const rows = await manager.query(
      `INSERT INTO message_reactions (message_id, emoji, user_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [messageId, emoji, userId],
    );
    return rows.length > 0;
  }

  /** False when there was nothing to remove. */
  async delete(manager: EntityManager, messageId: string, emoji: string, userId: string): Promise<boolean> {
    const rows = await queryRows(manager, `DELETE FROM message_reactions WHERE message_id = $1 AND emoji = $2 AND user_id = $3 RETURNING 1`, [
      messageId,
      emoji,
      userId,
    ]);
    return rows.length > 0;
  }

  /** The message as it stands (no lock): null when it is not in this room. */
  findMessage(roomId: string, messageId: string): Promise<LockedMessage | null> {
    return this.lockMessage(this.dataSource, roomId, messageId, false);
  }

  async recount(manager: EntityManager, messageId: string): Promise<ReactionCount[]> {
    const [row] = await queryRows<{ reactions: ReactionCount[] }>(manager, RECOUNT, [messageId]);
    return row.reactions;
  }

  /**
   * Users who reacted with `emoji`, in order of reacting, after the keyset `(at, userId)`;
   * `at` travels as PostgreSQL's own text so the cursor keeps its microseconds.
   */
  async reactors(messageId: string, emoji: string, after: TimeKey | null, limit: number): Promise<{ user: User; at: Date; key: TimeKey }[]> {
    const rows = await queryRows<Record<string, unknown> & { user_id: string; created_at: Date; at_text: string }>(
      this.dataSource,
      `SELECT r.user_id, r.created_at, r.created_at::text AS at_text, ${SENDER_COLUMNS}
         FROM message_reactions r JOIN users u ON u.id = r.user_id
        WHERE r.message_id = $1 AND r.emoji = $2 AND ($3::timestamptz IS NULL OR (r.created_at, r.user_id) > ($3, $4::uuid))
        ORDER BY r.created_at, r.user_id LIMIT $5`,
      [messageId, emoji, after?.at ?? null, after?.id ?? null, limit],
    );
    return rows.map((r) => ({ user: senderFromRow(r, r.user_id)!, at: r.created_at, key: { at: r.at_text, id: r.user_id } }));
  }
}
