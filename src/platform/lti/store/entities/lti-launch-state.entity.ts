import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';
import { LtiPlatform } from './lti-platform.entity';

/** A login in progress: the SHA-256 of its `state` and the `nonce` the id token must carry; taken once. */
@Entity('lti_launch_states')
@Index('ix_lti_launch_states_expires', ['organizationId', 'expiresAt'])
export class LtiLaunchState extends OrganizationOwned {
  @PrimaryColumn({ type: 'char', length: 64, primaryKeyConstraintName: 'pk_lti_launch_states' })
  stateHash: string;

  @Column({ type: 'uuid' })
  platformId: string;

  @ManyToOne(() => LtiPlatform, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'platform_id', foreignKeyConstraintName: 'fk_lti_launch_states_platform' })
  platform?: LtiPlatform;

  @Column({ type: 'varchar', length: 64 })
  nonce: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
