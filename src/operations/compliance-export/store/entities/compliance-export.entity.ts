import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Organization } from '../../../../core/organizations/store/entities/organization.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportStatus = 'pending' | 'running' | 'done' | 'failed' | 'expired';

/** What one file of the archive holds: its rows and its SHA-256 (hex). */
export interface ManifestFile {
  name: string;
  section: string;
  rows: number;
  bytes: number;
  sha256: string;
}

/** The manifest of a finished export (also `manifest.json` inside the archive). */
export interface ExportManifest {
  format: 'parley-compliance-export/1';
  snapshot_at: string;
  files: ManifestFile[];
}

/** A compliance export job: its scope, its state, and once done the stored archive (docs/compliance.md). */
@Entity('compliance_exports')
@Check('ck_compliance_exports_format', `"format" IN ('jsonl', 'csv')`)
@Check('ck_compliance_exports_status', `"status" IN ('pending', 'running', 'done', 'failed', 'expired')`)
@Index('ix_compliance_exports_done', ['organizationId', 'finishedAt'], { where: `"status" = 'done'` })
@Index('ix_compliance_exports_open', ['createdAt'], { where: `"status" IN ('pending', 'running')` })
export class ComplianceExport extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_compliance_exports' })
  id: string;

  /** The global admin who asked (no foreign key: the record outlives them). */
  @Column({ type: 'uuid', nullable: true })
  requestedBy: string | null;

  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  roomIds: string[];

  @Column({ type: 'uuid', array: true, default: () => `'{}'` })
  userIds: string[];

  /** Every room of the organization it reads (`sourceOrganizationId`). */
  @Column({ type: 'boolean', default: false })
  organizationWide: boolean;

  /**
   * The organization whose records the export reads, inside its row-level security: the job's own,
   * or another one an operator named (the job stays the operator's row).
   */
  @Column({ type: 'uuid', default: () => 'parley_new_row_organization()' })
  sourceOrganizationId: string;

  @ManyToOne(() => Organization)
  @JoinColumn({ name: 'source_organization_id', foreignKeyConstraintName: 'fk_compliance_exports_source_organization' })
  sourceOrganization?: Organization;

  @Column({ type: 'timestamptz', nullable: true })
  fromAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  untilAt: Date | null;

  @Column({ type: 'varchar', length: 8 })
  format: ExportFormat;

  @Column({ type: 'boolean', default: false })
  includeFiles: boolean;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: ExportStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  storageKey: string | null;

  @Column({ type: 'bigint', nullable: true })
  size: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256: string | null;

  @Column({ type: 'jsonb', nullable: true })
  manifest: ExportManifest | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  finishedAt: Date | null;

  /** When the cleanup removed the archive (status `expired`). */
  @Column({ type: 'timestamptz', nullable: true })
  expiredAt: Date | null;
}
