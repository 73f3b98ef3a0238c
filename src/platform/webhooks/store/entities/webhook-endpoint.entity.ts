import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/** A receiver of signed webhooks. `eventTypes` empty = every event. */
@Entity('webhook_endpoints')
export class WebhookEndpoint extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_webhook_endpoints' })
  id: string;

  @Column({ type: 'varchar', length: 2048 })
  url: string;

  @Column({ type: 'text', array: true, default: '{}' })
  eventTypes: string[];

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** Standard Webhooks secret (`whsec_<base64>`); the receiver needs it, so it is kept, not hashed. */
  @Column({ type: 'varchar', length: 100 })
  secret: string;

  /** Set when a delivery gave up after its last retry; cleared by a successful delivery. */
  @Column({ type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  @Column({ type: 'text', nullable: true })
  failureReason: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
