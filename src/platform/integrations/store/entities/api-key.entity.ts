import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../../../identity/users/store/entities/user.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

export const API_KEY_SCOPES = ['users', 'rooms', 'messages', 'tokens', 'scim'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** A server-to-server key of the host platform. Only the SHA-256 of the secret is kept. */
@Entity('api_keys')
@Index('uq_api_keys_key_hash', ['keyHash'], { unique: true })
@Index('ix_api_keys_created_by', ['createdBy'], { where: '"created_by" IS NOT NULL' })
export class ApiKey extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_api_keys' })
  id: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  /** The first characters of the secret (`pk_live_ab12`), so an admin can tell keys apart. */
  @Column({ type: 'varchar', length: 24 })
  prefix: string;

  @Column({ type: 'char', length: 64 })
  keyHash: string;

  @Column({ type: 'text', array: true })
  scopes: ApiKeyScope[];

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @ManyToOne(() => User, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by', foreignKeyConstraintName: 'fk_api_keys_created_by' })
  creator?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
