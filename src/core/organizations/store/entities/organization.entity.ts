import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** Settings an organization may set for itself (docs/organizations.md says which are honoured). */
export interface OrganizationSettings {
  retention_days?: number | null;
  upload_max_bytes?: number | null;
  upload_types?: string[] | null;
  local_sign_in?: boolean;
  idp_issuer?: string | null;
  idp_audience?: string | null;
}

/** A school or company: the owner of every organization-scoped row (organization-tables.ts). */
@Entity('organizations')
@Index('uq_organizations_slug', ['slug'], { unique: true })
export class Organization {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_organizations' })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  slug: string;

  @Column({ type: 'varchar', length: 150 })
  name: string;

  @Column({ type: 'jsonb', default: {} })
  settings: OrganizationSettings;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
