import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../../../../identity/users/store/entities/user.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

export const NOTIFY_LEVELS = ['all', 'mentions', 'nothing'] as const;
export type NotifyLevel = (typeof NOTIFY_LEVELS)[number];

/** A user's notification preferences; no row = the defaults (docs/notifications.md). */
@Entity('notification_settings')
export class NotificationSettings extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_notification_settings' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notification_settings_user' })
  user?: User;

  /** For every room without its own level; null = by room type (direct: all, others: mentions). */
  @Column({ type: 'varchar', length: 8, nullable: true })
  level: NotifyLevel | null;

  @Column({ type: 'boolean', default: true })
  email: boolean;

  /** Nothing is sent before this time. */
  @Column({ type: 'timestamptz', nullable: true })
  snoozeUntil: Date | null;

  /** Quiet hours `HH:MM`-`HH:MM` in `timeZone` (may span midnight): push waits until they end. */
  @Column({ type: 'varchar', length: 5, nullable: true })
  quietStart: string | null;

  @Column({ type: 'varchar', length: 5, nullable: true })
  quietEnd: string | null;

  @Column({ type: 'varchar', length: 64, default: 'UTC' })
  timeZone: string;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
