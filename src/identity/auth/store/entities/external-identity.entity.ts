import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../../../users/store/entities/user.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/**
 * Who a user is elsewhere: `(issuer, subject)` of an OpenID Connect provider, or
 * `('platform', external_id)` for users the platform's backend upserts. A user may have several.
 */
@Entity('external_identities')
@Index('uq_external_identities_issuer_subject', ['organizationId', 'issuer', 'subject'], { unique: true })
@Index('ix_external_identities_user_id', ['userId'])
export class ExternalIdentity extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_external_identities' })
  id: string;

  @Column({ type: 'varchar', length: 255 })
  issuer: string;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @Column('uuid')
  userId: string;

  /** `iat` of the newest token whose role claim was applied: older tokens cannot change the role back. */
  @Column({ type: 'timestamptz', nullable: true })
  roleClaimedAt: Date | null;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_external_identities_user' })
  user?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
