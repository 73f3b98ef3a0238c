import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { bigintToNumber } from '../../../../core/database/column-transformers';
import { Room } from '../../../rooms/store/entities/room.entity';
import { Message } from '../../../messages/store/entities/message.entity';
import { User } from '../../../../identity/users/store/entities/user.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/**
 * A member a message mentions (by name, or all members through `@room`), written by
 * the send path's batch append. `seq` is the message's: unread mentions are those
 * past the member's read position (ix_message_mentions_unread).
 */
@Entity('message_mentions')
@Index('ix_message_mentions_unread', ['userId', 'roomId', 'seq'])
@Index('ix_message_mentions_recent', ['userId', 'createdAt', 'messageId'])
export class MessageMention extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_message_mentions' })
  messageId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_message_mentions' })
  userId: string;

  @Column('uuid')
  roomId: string;

  @Column({ type: 'bigint', transformer: bigintToNumber })
  seq: number;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_message_mentions_message' })
  message?: Message;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_message_mentions_user' })
  user?: User;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_message_mentions_room' })
  room?: Room;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
