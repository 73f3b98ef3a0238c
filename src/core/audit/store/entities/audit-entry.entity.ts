import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { OrganizationOwned } from '../../../organizations/store/entities/organization-owned';

/**
 * One moderation or administrative action. Append-only (a trigger refuses
 * UPDATE and DELETE), and it names rooms and users by id and by the name they
 * had, without foreign keys, so it survives their deletion.
 */
@Entity('audit_log')
@Index('ix_audit_log_room', ['roomId', 'id'])
export class AuditEntry extends OrganizationOwned {
  /** UUIDv7: time-ordered, the keyset cursor. */
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_audit_log' })
  id: string;

  @Column({ type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'varchar', length: 150, default: '' })
  actorName: string;

  @Column({ type: 'varchar', length: 40 })
  action: string;

  @Column({ type: 'uuid', nullable: true })
  roomId: string | null;

  @Column({ type: 'varchar', length: 150, nullable: true })
  roomName: string | null;

  @Column({ type: 'varchar', length: 16, nullable: true })
  targetType: string | null;

  @Column({ type: 'uuid', nullable: true })
  targetId: string | null;

  @Column({ type: 'varchar', length: 150, nullable: true })
  targetName: string | null;

  @Column({ type: 'text', default: '' })
  reason: string;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  details: Record<string, unknown>;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
