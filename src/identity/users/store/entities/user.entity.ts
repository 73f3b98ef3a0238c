import { BeforeInsert, Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { newId } from '../../../../core/database/uuid';

import { type UserRole, type UserType } from '../../../../core/auth/auth-user';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';
export { USER_ROLES, USER_TYPES, type UserRole, type UserType } from '../../../../core/auth/auth-user';

/** Usernames and emails are stored lower-cased, so the unique indexes are case-insensitive. */
@Entity('users')
@Index('uq_users_username', ['organizationId', 'username'], { unique: true })
@Index('uq_users_email', ['organizationId', 'email'], { unique: true })
// Trigram indexes for ?search= (created in the migration; TypeORM cannot express them).
@Index('ix_users_username_trgm', { synchronize: false })
@Index('ix_users_display_name_trgm', { synchronize: false })
@Check('ck_users_user_type', `"user_type" IN ('consumer', 'support')`)
@Check('ck_users_role', `"role" IN ('user', 'admin')`)
export class User extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_users' })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  username: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ type: 'varchar', length: 150 })
  displayName: string;

  @Column({ type: 'varchar', length: 150, default: '' })
  firstName: string;

  @Column({ type: 'varchar', length: 150, default: '' })
  lastName: string;

  @Column({ type: 'varchar', length: 16, default: 'consumer' })
  userType: UserType;

  @Column({ type: 'varchar', length: 16, default: 'user' })
  role: UserRole;

  @Column({ type: 'timestamptz', nullable: true })
  lastSeenAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
