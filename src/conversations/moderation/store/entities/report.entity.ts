import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

export const REPORT_REASONS = ['spam', 'harassment', 'hate', 'violence', 'sexual', 'self_harm', 'misinformation', 'other'] as const;
export type ReportReason = (typeof REPORT_REASONS)[number];
export const REPORT_TARGETS = ['message', 'user'] as const;
export type ReportTarget = (typeof REPORT_TARGETS)[number];
export const REPORT_STATUSES = ['open', 'resolved'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_ACTIONS = ['dismiss', 'delete_message', 'mute', 'kick', 'ban'] as const;
export type ReportAction = (typeof REPORT_ACTIONS)[number];

/**
 * A report of a message or a user. Ids are kept without foreign keys and the
 * reported content is copied in, so a report outlives what it names (moderation
 * records survive deletions, as the audit log does).
 */
@Entity('reports')
@Index('uq_reports_open', ['reporterId', 'targetType', 'targetId'], { unique: true, where: `"status" = 'open'` })
@Index('ix_reports_room', ['roomId', 'id'])
@Index('ix_reports_status', ['status', 'id'])
@Check('ck_reports_target_type', `"target_type" IN ('message', 'user')`)
@Check('ck_reports_status', `"status" IN ('open', 'resolved')`)
export class Report extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_reports' })
  id: string;

  @Column({ type: 'uuid', nullable: true })
  reporterId: string | null;

  @Column({ type: 'varchar', length: 8 })
  targetType: ReportTarget;

  /** The message's id, or the user's. */
  @Column({ type: 'uuid' })
  targetId: string;

  /** The reported user: the message's sender, or the user reported. */
  @Column({ type: 'uuid', nullable: true })
  targetUserId: string | null;

  /** The message's room (null for a user report). */
  @Column({ type: 'uuid', nullable: true })
  roomId: string | null;

  /** The message's content when it was reported. */
  @Column({ type: 'text', default: '' })
  targetContent: string;

  /** Which version of the message `target_content` is (0: as sent, n: after n edits; null for a user report). */
  @Column({ type: 'integer', nullable: true })
  targetVersion: number | null;

  @Column({ type: 'varchar', length: 16 })
  reason: ReportReason;

  @Column({ type: 'text', default: '' })
  details: string;

  @Column({ type: 'varchar', length: 8, default: 'open' })
  status: ReportStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  action: ReportAction | null;

  @Column({ type: 'uuid', nullable: true })
  resolvedBy: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  resolvedAt: Date | null;

  @Column({ type: 'text', default: '' })
  resolutionNote: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
