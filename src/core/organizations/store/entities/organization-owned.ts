import { Column, JoinColumn, ManyToOne } from 'typeorm';
import { Organization } from './organization.entity';

/**
 * The column every organization-scoped entity inherits: its database default is the
 * connection's organization (`parley_new_row_organization()`), so code writes rows without naming it
 * and row-level security checks it (docs/organizations.md).
 */
export abstract class OrganizationOwned {
  @Column({ type: 'uuid', default: () => 'parley_new_row_organization()', select: false, insert: false, update: false })
  organizationId?: string;

  @ManyToOne(() => Organization)
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_organization' })
  organization?: Organization;
}
