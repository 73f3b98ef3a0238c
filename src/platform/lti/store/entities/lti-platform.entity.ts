import { Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/** An LMS (an LTI 1.3 platform) an organization admin registered: who signs launches and where to reach it. */
@Entity('lti_platforms')
@Index('uq_lti_platforms_issuer_client', ['organizationId', 'issuer', 'clientId'], { unique: true })
export class LtiPlatform extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_lti_platforms' })
  id: string;

  @Column({ type: 'varchar', length: 100, default: '' })
  name: string;

  @Column({ type: 'varchar', length: 255 })
  issuer: string;

  @Column({ type: 'varchar', length: 255 })
  clientId: string;

  @Column({ type: 'text', array: true, default: '{}' })
  deploymentIds: string[];

  @Column({ type: 'varchar', length: 2048 })
  authorizationEndpoint: string;

  @Column({ type: 'varchar', length: 2048 })
  jwksUrl: string;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  tokenEndpoint: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
