import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Message } from '../../../../conversations/messages/store/entities/message.entity';
import { Room } from '../../../../conversations/rooms/store/entities/room.entity';
import { User } from '../../../../identity/users/store/entities/user.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

export type NotificationChannel = 'push' | 'email';
export type NotificationState = 'pending' | 'sent' | 'skipped' | 'dead';

/**
 * The notification outbox: one row per (user, first message, channel), so nothing is sent twice; later
 * messages of the same room (push) or of any room (an email digest) join the open row's `items` (pending,
 * not tried yet: at most one per user, channel and room, `uq_notifications_open`) until it is claimed. Workers on any node claim due rows with FOR UPDATE SKIP LOCKED under a lease (`claimed_until`).
 */
@Entity('notifications')
@Index('uq_notifications_user_message_channel', ['userId', 'messageId', 'channel'], { unique: true })
@Index('ix_notifications_due', ['dueAt'], { where: `"state" = 'pending'` })
@Index('ix_notifications_message', ['messageId'])
@Index('ix_notifications_room', ['roomId'])
/** At most one open row (pending, not tried yet) per user, channel and room: the planners' ON CONFLICT arbiter (an expression index). */
@Index('uq_notifications_open', { synchronize: false })
@Check('ck_notifications_channel', `"channel" IN ('push', 'email')`)
@Check('ck_notifications_state', `"state" IN ('pending', 'sent', 'skipped', 'dead')`)
export class Notification extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_notifications' })
  id: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notifications_user' })
  user?: User;

  /** Push: the room; an email digest spans rooms (null). */
  @Column({ type: 'uuid', nullable: true })
  roomId: string | null;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_notifications_room' })
  room?: Room;

  /** The first message: with the user and channel, what makes the row unique. */
  @Column('uuid')
  messageId: string;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_notifications_message' })
  message?: Message;

  @Column({ type: 'varchar', length: 8 })
  channel: NotificationChannel;

  /** Every message the notification stands for (collapsed), the first included. */
  @Column({ type: 'uuid', array: true })
  items: string[];

  @Column({ type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'varchar', length: 64, nullable: true })
  claimedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Column({ type: 'varchar', length: 8, default: 'pending' })
  state: NotificationState;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}
