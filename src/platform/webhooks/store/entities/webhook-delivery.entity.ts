import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { WebhookEndpoint } from './webhook-endpoint.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/**
 * What an outbox row records for the worker to render its body from: ids, plus
 * what is gone after the event (a membership row, a deleted room's external id).
 */
export interface WebhookSubject {
  message_id?: string;
  /** member.*: the membership row at the event (`to_jsonb` of `room_members`). */
  member?: MemberRow;
  /** member.left: why (migration MemberLeftReason); rows recorded before it have none. */
  reason?: 'left' | 'removed' | 'banned';
  /** room.*: the room; room.deleted also its external id, read before the cascade. */
  room_id?: string;
  external_id?: string | null;
  invitation_id?: string;
}

/** A `room_members` row as `to_jsonb` writes it. */
export interface MemberRow {
  room_id: string;
  user_id: string;
  role: 'owner' | 'admin' | 'member';
  last_read_seq: number;
  notifications_muted: boolean;
  joined_at: string;
  muted_until: string | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

/**
 * The outbox: one row per event and subscribed endpoint, written in the
 * transaction that made the change (migrations WebhookOutbox,
 * WebhookMessagesRenderedInApp and WebhookEventsRenderedInApp). `id` is the
 * Standard Webhooks `webhook-id`, the same on every attempt.
 */
@Entity('webhook_deliveries')
@Index('ix_webhook_deliveries_due', ['nextAttemptAt'], { where: `"status" = 'pending'` })
@Index('ix_webhook_deliveries_endpoint', ['endpointId', 'id'])
@Index('ix_webhook_deliveries_created_at', ['createdAt'])
@Index('ix_webhook_deliveries_unrendered', ['createdAt'], { where: `"payload" IS NULL` })
export class WebhookDelivery extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_deliveries' })
  id: string;

  @Column('uuid')
  endpointId: string;

  @ManyToOne(() => WebhookEndpoint, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'endpoint_id', foreignKeyConstraintName: 'fk_webhook_deliveries_endpoint' })
  endpoint?: WebhookEndpoint;

  @Column({ type: 'varchar', length: 64 })
  eventType: string;

  /** The body as sent; null until the first attempt renders it from `subject` (WebhookPayloads). */
  @Column({ type: 'jsonb', nullable: true })
  payload: Record<string, unknown> | null;

  /** What the event is about (`{message_id}`), for events whose body the app renders. */
  @Column({ type: 'jsonb', nullable: true })
  subject: WebhookSubject | null;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: DeliveryStatus;

  @Column({ type: 'int', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ type: 'int', nullable: true })
  lastStatusCode: number | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
