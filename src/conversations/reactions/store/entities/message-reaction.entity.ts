import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Message } from '../../../messages/store/entities/message.entity';
import { User } from '../../../../identity/users/store/entities/user.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/**
 * One user's reaction with one emoji on one message. The primary key makes PUT
 * idempotent; `ix_message_reactions_page` is the keyset of the reactors list.
 * The per-emoji counts live on the message itself (`messages.reactions`), kept in
 * step in the same transaction, so history pages read them with no extra query.
 */
@Entity('message_reactions')
@Index('ix_message_reactions_page', ['messageId', 'emoji', 'createdAt', 'userId'])
@Index('ix_message_reactions_user', ['userId'])
export class MessageReaction extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_message_reactions' })
  messageId: string;

  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_message_reactions' })
  emoji: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_message_reactions' })
  userId: string;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_message_reactions_message' })
  message?: Message;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_message_reactions_user' })
  user?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
