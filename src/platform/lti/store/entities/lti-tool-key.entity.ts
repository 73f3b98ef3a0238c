import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/**
 * One of the organization's own RS256 key pairs (docs/lti.md): the newest signs (client assertions,
 * deep-linking responses), every one is published in the organization's JWKS by its `kid`. The
 * private key (PKCS#8 PEM) never leaves the server.
 */
@Entity('lti_tool_keys')
@Index('ix_lti_tool_keys_created', ['organizationId', 'createdAt'])
export class LtiToolKey extends OrganizationOwned {
  @PrimaryColumn({ type: 'varchar', length: 64, primaryKeyConstraintName: 'pk_lti_tool_keys' })
  kid: string;

  @Column({ type: 'jsonb' })
  publicJwk: Record<string, unknown>;

  @Column({ type: 'text' })
  privateKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
