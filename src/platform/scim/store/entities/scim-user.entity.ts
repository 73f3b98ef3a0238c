import { Column, CreateDateColumn, Entity, Index, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { User } from '../../../../identity/users/store/entities/user.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/** The SCIM side of a user a provisioning client made: its `userName` and the client's `externalId`. */
@Entity('scim_users')
// (organization_id, lower(user_name)): made in the migration, TypeORM cannot express it.
@Index('uq_scim_users_user_name', { synchronize: false })
@Index('ix_scim_users_external_id', ['organizationId', 'externalId'], { where: '"external_id" IS NOT NULL' })
@Index('ix_scim_users_created', ['organizationId', 'createdAt', 'userId'])
export class ScimUser extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_scim_users' })
  userId: string;

  @OneToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_scim_users_user' })
  user?: User;

  @Column({ type: 'varchar', length: 254 })
  userName: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  externalId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
