import { Check, Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Message } from './message.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

export const REVISION_CAUSES = ['edit', 'delete'] as const;
export type RevisionCause = (typeof REVISION_CAUSES)[number];

/**
 * A version of a message that an edit replaced, or the content a deletion blanked. `version` 0 is
 * the text as sent, n the text after n edits; the message row holds the newest. Goes with its
 * message (retention, room deletion, a user's erasure).
 */
@Entity('message_revisions')
@Check('ck_message_revisions_replaced_by', `"replaced_by" IN ('edit', 'delete')`)
export class MessageRevision extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_message_revisions' })
  messageId: string;

  @PrimaryColumn('integer', { primaryKeyConstraintName: 'pk_message_revisions' })
  version: number;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_message_revisions_message' })
  message?: Message;

  @Column('text')
  content: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  meta: Record<string, unknown>;

  /** When this version was written: the send, or the edit that made it. */
  @Column('timestamptz')
  writtenAt: Date;

  /** When the next edit, or the deletion, replaced it. */
  @Column('timestamptz')
  replacedAt: Date;

  @Column({ type: 'varchar', length: 8 })
  replacedBy: RevisionCause;
}
