import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/**
 * A legal hold: while `released_at` is NULL, the records of its users and rooms (legal_hold_users,
 * legal_hold_rooms) outlast retention, erasure and room deletion (docs/compliance.md). Released
 * holds stay as the record of what was held.
 */
@Entity('legal_holds')
@Index('ix_legal_holds_active', ['id'], { where: '"released_at" IS NULL' })
@Index('ix_legal_holds_organization_wide', ['organizationId'], { where: '"organization_wide" AND "released_at" IS NULL' })
export class LegalHold extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_legal_holds' })
  id: string;

  @Column({ type: 'varchar', length: 150 })
  name: string;

  @Column({ type: 'text', default: '' })
  reason: string;

  /** Holds every record of its organization (its rooms, their messages, its users' messages). */
  @Column({ type: 'boolean', default: false })
  organizationWide: boolean;

  /** The global admin who placed it (no foreign key: the record outlives them). */
  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  releasedAt: Date | null;

  @Column({ type: 'uuid', nullable: true })
  releasedBy: string | null;
}
