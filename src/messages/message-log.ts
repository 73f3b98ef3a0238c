import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { DomainError } from '../common/errors/domain-error';
import { newId } from '../database/uuid';
import { Message, MessageType } from './entities/message.entity';
import { queryRows } from '../database/query-rows';

export interface NewMessage {
  roomId: string;
  senderId: string | null;
  type: MessageType;
  content: string;
  meta?: Record<string, unknown>;
  replyToId?: string | null;
  clientMessageId?: string | null;
}

export const roomNotFound = () => new DomainError('room_not_found', 'Room not found.');
export const roomInactive = () =>
  new DomainError('room_inactive', 'Room is deactivated and cannot receive new messages');

/**
 * Appends a message to a room inside the caller's transaction. The room row
 * update takes the next `seq` and holds the row lock until commit, so
 * concurrent senders get gapless seqs in commit order; the room's counters
 * and the sender's read position move in the same transaction.
 */
@Injectable()
export class MessageLog {
  async append(manager: EntityManager, input: NewMessage): Promise<Message> {
    const id = newId();
    const counted = input.type === 'text' ? 1 : 0;
    const rows = await queryRows<{ last_seq: string }>(
      manager,
      `UPDATE rooms
          SET last_seq = last_seq + 1, message_count = message_count + $3,
              last_message_id = $2, last_message_at = now()
        WHERE id = $1 AND (is_active OR $4)
    RETURNING last_seq`,
      [input.roomId, id, counted, input.type === 'system'],
    );
    if (rows.length === 0) {
      const exists = await manager.query(`SELECT 1 FROM rooms WHERE id = $1`, [input.roomId]);
      throw exists.length ? roomInactive() : roomNotFound();
    }
    const seq = Number(rows[0].last_seq);
    const [row] = await manager.query(
      `INSERT INTO messages (id, room_id, seq, type, sender_id, content, meta, reply_to_id, client_message_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING created_at`,
      [
        id,
        input.roomId,
        seq,
        input.type,
        input.senderId,
        input.content,
        JSON.stringify(input.meta ?? {}),
        input.replyToId ?? null,
        input.clientMessageId ?? null,
      ],
    );
    if (input.type === 'text' && input.senderId) {
      // Sending counts as reading up to one's own message.
      await manager.query(
        `UPDATE room_members SET last_read_seq = GREATEST(last_read_seq, $3) WHERE room_id = $1 AND user_id = $2`,
        [input.roomId, input.senderId, seq],
      );
    }
    return Object.assign(new Message(), {
      id,
      roomId: input.roomId,
      seq,
      type: input.type,
      senderId: input.senderId,
      content: input.content,
      meta: input.meta ?? {},
      replyToId: input.replyToId ?? null,
      clientMessageId: input.clientMessageId ?? null,
      createdAt: row.created_at as Date,
      editedAt: null,
      deletedAt: null,
    });
  }

  /** A system message ("alice joined the room"), sent by the acting user; never unread. */
  system(manager: EntityManager, roomId: string, actorId: string | null, content: string): Promise<Message> {
    return this.append(manager, { roomId, senderId: actorId, type: 'system', content });
  }
}
