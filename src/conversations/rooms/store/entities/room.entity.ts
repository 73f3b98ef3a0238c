import { BeforeInsert, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { bigintToNumber } from '../../../../core/database/column-transformers';
import { newId } from '../../../../core/database/uuid';
import { User } from '../../../../identity/users/store/entities/user.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

export const ROOM_TYPES = ['ONE_TO_ONE', 'GROUP', 'COURSE', 'SUPPORT'] as const;
export type RoomType = (typeof ROOM_TYPES)[number];
export const VISIBILITIES = ['public', 'private'] as const;
export type Visibility = (typeof VISIBILITIES)[number];
export const POSTING_MODES = ['everyone', 'admins'] as const;
export type PostingMode = (typeof POSTING_MODES)[number];

/**
 * A chat room. `last_seq`, `participant_count` and `message_count` are kept
 * here, updated in the transaction that changes them, so lists never count
 * rows. `direct_key` ("<smaller user id>:<larger>") makes one ONE_TO_ONE room
 * per pair of users. Every message updates this row, so no index may hold a
 * column a message changes (`last_seq`, the counters, `last_message_*`): the
 * update then stays HOT (migration RoomsHotUpdates).
 */
@Entity('rooms')
@Index('uq_rooms_slug', ['organizationId', 'slug'], { unique: true })
@Index('uq_rooms_direct_key', ['directKey'], { unique: true })
@Index('ix_rooms_visibility', ['visibility'])
@Index('ix_rooms_created_by', ['createdBy'], { where: '"created_by" IS NOT NULL' })
@Check('ck_rooms_room_type', `"room_type" IN ('ONE_TO_ONE', 'GROUP', 'COURSE', 'SUPPORT')`)
@Check('ck_rooms_visibility', `"visibility" IN ('public', 'private')`)
@Check('ck_rooms_posting', `"posting" IN ('everyone', 'admins')`)
@Check('ck_rooms_slow_mode', `"slow_mode_seconds" BETWEEN 0 AND 3600`)
export class Room extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_rooms' })
  id: string;

  @Column({ type: 'varchar', length: 150, nullable: true })
  name: string | null;

  @Column({ type: 'varchar', length: 170, nullable: true })
  slug: string | null;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'varchar', length: 16 })
  roomType: RoomType;

  @Column({ type: 'varchar', length: 8, default: 'private' })
  visibility: Visibility;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  meta: Record<string, unknown>;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'integer', nullable: true })
  maxParticipants: number | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_rooms_created_by' })
  creator?: User;

  @Column({ type: 'varchar', length: 73, nullable: true })
  directKey: string | null;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  lastSeq: number;

  @Column({ type: 'integer', default: 0 })
  participantCount: number;

  @Column({ type: 'integer', default: 0 })
  messageCount: number;

  /** Denormalised pointer to the newest message (no FK: messages are never hard-deleted but with the room). */
  @Column({ type: 'uuid', nullable: true })
  lastMessageId: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastMessageAt: Date | null;

  /** `admins`: an announcement room, where only owners and admins post. */
  @Column({ type: 'varchar', length: 8, default: 'everyone' })
  posting: PostingMode;

  /** A member may send one message per this many seconds (owners and admins are exempt). */
  @Column({ type: 'integer', default: 0 })
  slowModeSeconds: number;

  /** Set while the room is archived: read-only for everyone, listed apart. */
  @Column({ type: 'timestamptz', nullable: true })
  archivedAt: Date | null;

  /** Messages older than this many days are removed; null follows RETENTION_DAYS. */
  @Column({ type: 'integer', nullable: true })
  retentionDays: number | null;

  /** Retention removed every message up to this seq (0: none removed); history starts after it. */
  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  purgedThroughSeq: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
