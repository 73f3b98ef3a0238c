import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../../../../identity/users/store/entities/user.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

export const DEVICE_KINDS = ['web', 'ios', 'android'] as const;
export type DeviceKind = (typeof DEVICE_KINDS)[number];

/**
 * Where a user's push notifications go: a browser's web push subscription (`endpoint`, `p256dh`, `auth`)
 * or a mobile app's token. The id is the client's own (one per installation), so registering again replaces.
 */
@Entity('notification_devices')
@Index('ix_notification_devices_session', ['sessionId'])
@Check('ck_notification_devices_kind', `"kind" IN ('web', 'ios', 'android')`)
export class NotificationDevice extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_notification_devices' })
  userId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_notification_devices' })
  id: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notification_devices_user' })
  user?: User;

  /** The login that registered it: logging out removes the device. */
  @Column({ type: 'uuid', nullable: true })
  sessionId: string | null;

  @Column({ type: 'varchar', length: 8 })
  kind: DeviceKind;

  /** Web push: the push service's URL for this subscription. */
  @Column({ type: 'text', nullable: true })
  endpoint: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  p256dh: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  auth: string | null;

  /** Mobile: the FCM registration token or APNs device token, and the app it belongs to. */
  @Column({ type: 'text', nullable: true })
  token: string | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  appId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
