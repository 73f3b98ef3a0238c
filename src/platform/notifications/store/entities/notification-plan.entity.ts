import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/**
 * A text message still to be planned into notifications (migration NotificationPlans). Written by the send
 * statement (conversations/messages/store/message-log.ts, CTE `planned`) in the message's own transaction,
 * the way the webhook outbox is; owned and drained by NotificationPlanner, which deletes the row in the
 * transaction that writes the message's notifications. No foreign key or second index, to keep the send
 * statement's share small: a plan whose message was deleted meanwhile plans nothing and goes.
 */
@Entity('notification_plans')
export class NotificationPlan extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_notification_plans' })
  messageId: string;

  @Column('uuid')
  roomId: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
