import { bigintToNumber } from '../../../../core/database/column-transformers';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Room } from '../../../rooms/store/entities/room.entity';
import { User } from '../../../../identity/users/store/entities/user.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

export type MessageType = 'text' | 'system';
/** Who sees a message (docs/compliance.md): everyone, or its sender and the room's moderators only (see message-visibility.ts). */
export const MESSAGE_VISIBILITIES = ['visible', 'held', 'shadow'] as const;
export type MessageVisibility = (typeof MESSAGE_VISIBILITIES)[number];

/**
 * A message. `seq` is per room, gapless, taken from `rooms.last_seq` in the
 * inserting transaction; `(room_id, seq)` is unique and is the keyset for
 * history. Deleting leaves a tombstone (`deleted_at`, empty content).
 */
@Entity('messages')
@Index('uq_messages_room_seq', ['roomId', 'seq'], { unique: true })
@Index('uq_messages_sender_client_id', ['senderId', 'clientMessageId'], { unique: true })
// GIN index on to_tsvector('<SEARCH_LANGUAGE>', content), created in the migrations (an expression TypeORM cannot declare).
@Index('ix_messages_search', { synchronize: false })
@Index('ix_messages_thread', ['threadRootId', 'seq'], { where: '"thread_root_id" IS NOT NULL' })
@Index('ix_messages_pinned', ['roomId', 'pinnedAt'], { where: '"pinned_at" IS NOT NULL' })
@Index('ix_messages_pinned_by', ['pinnedBy'], { where: '"pinned_by" IS NOT NULL' })
@Index('ix_messages_held', ['roomId', 'seq'], { where: `"visibility" = 'held' AND "deleted_at" IS NULL` })
@Check('ck_messages_type', `"type" IN ('text', 'system')`)
@Check('ck_messages_visibility', `"visibility" IN ('visible', 'held', 'shadow')`)
export class Message extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_messages' })
  id: string;

  @Column('uuid')
  roomId: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_messages_room' })
  room?: Room;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  seq: number;

  @Column({ type: 'varchar', length: 8, default: 'text' })
  type: MessageType;

  @Column({ type: 'uuid', nullable: true })
  senderId: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'sender_id', foreignKeyConstraintName: 'fk_messages_sender' })
  sender?: User | null;

  @Column({ type: 'text' })
  content: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  meta: Record<string, unknown>;

  @Column({ type: 'uuid', nullable: true })
  replyToId: string | null;

  @ManyToOne(() => Message, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'reply_to_id', foreignKeyConstraintName: 'fk_messages_reply_to' })
  replyTo?: Message | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  clientMessageId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;

  /** The top-level message of the same room this one replies to in a thread. */
  @Column({ type: 'uuid', nullable: true })
  threadRootId: string | null;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'thread_root_id', foreignKeyConstraintName: 'fk_messages_thread_root' })
  threadRoot?: Message | null;

  /** A thread reply also shown in the room's main history. */
  @Column({ type: 'boolean', default: false })
  alsoInRoom: boolean;

  /** A thread root's counters, moved by the statement that appends its replies. */
  @Column({ type: 'int', default: 0 })
  replyCount: number;

  @Column({ type: 'timestamptz', nullable: true })
  lastReplyAt: Date | null;

  /** The first three distinct repliers. */
  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  threadParticipants: string[];

  /** The members named with `@username`, resolved when it was sent. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  mentions: MentionedUser[];

  /** Set while pinned (room owners and admins pin; a deleted message is unpinned). */
  @Column({ type: 'timestamptz', nullable: true })
  pinnedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  pinnedBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'pinned_by', foreignKeyConstraintName: 'fk_messages_pinned_by' })
  pinner?: User | null;

  /**
   * `visible`, or `held` (a content rule or the pre-send hook holds it for review) or `shadow` (sent under a
   * shadow suspension): then only its sender and the room's moderators see it (message-visibility.ts).
   */
  @Column({ type: 'varchar', length: 8, default: 'visible' })
  visibility: MessageVisibility;

  /** Not a column: the members the send path just notified of a mention (for the `mention` event). */
  notifiedUserIds?: string[];

  /** Per-emoji counts in order of first use, kept by the reactions feature in the reacting transaction. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  reactions: ReactionCount[];
}

export interface ReactionCount {
  emoji: string;
  count: number;
}

export interface MentionedUser {
  id: string;
  username: string;
}
