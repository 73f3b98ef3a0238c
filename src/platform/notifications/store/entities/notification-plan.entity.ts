import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Message } from '../../../../conversations/messages/store/entities/message.entity';

/**
 * A text message still to be planned into notifications (migration NotificationPlans). Written by the send
 * statement (conversations/messages/store/message-log.ts, CTE `planned`) in the message's own transaction,
 * the way the webhook outbox is; owned and drained by NotificationPlanner, which deletes the row in the
 * transaction that writes the message's notifications.
 */
@Entity('notification_plans')
@Index('ix_notification_plans_created_at', ['createdAt'])
export class NotificationPlan {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_notification_plans' })
  messageId: string;

  @ManyToOne(() => Message, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'message_id', foreignKeyConstraintName: 'fk_notification_plans_message' })
  message?: Message;

  @Column('uuid')
  roomId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
