import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';
import { SignInProvider } from './sign-in-provider.entity';

/** A sign-in sent to the identity provider and not back yet: its OIDC state (or SAML request id), hashed; single use, expiring. */
@Entity('sign_in_requests')
@Index('uq_sign_in_requests_key', ['organizationId', 'providerId', 'keyHash'], { unique: true })
@Index('ix_sign_in_requests_provider', ['providerId'])
export class SignInRequest extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_sign_in_requests' })
  id: string;

  @Column('uuid')
  providerId: string;

  @ManyToOne(() => SignInProvider, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'fk_sign_in_requests_provider' })
  provider?: SignInProvider;

  @Column({ type: 'char', length: 64 })
  keyHash: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  nonce: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  codeVerifier: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
