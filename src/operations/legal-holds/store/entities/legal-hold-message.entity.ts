import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Message } from '../../../../conversations/messages/store/entities/message.entity';
import { LegalHold } from './legal-hold.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/**
 * A message pinned by a hold when its held sender was deleted (the message's sender becomes NULL):
 * it keeps the message held and names the sender it had. Goes with the message.
 */
@Entity('legal_hold_messages')
@Index('ix_legal_hold_messages_message', ['messageId'])
export class LegalHoldMessage extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_legal_hold_messages' })
  holdId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_legal_hold_messages' })
  messageId: string;

  @ManyToOne(() => LegalHold, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'hold_id', foreignKeyConstraintName: 'fk_legal_hold_messages_hold' })
  hold?: LegalHold;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_legal_hold_messages_message' })
  message?: Message;

  /** The sender's id before their deletion (no foreign key: they are gone). */
  @Column({ type: 'uuid', nullable: true })
  senderId: string | null;
}
