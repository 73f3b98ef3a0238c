import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';
import { User } from '../../../users/store/entities/user.entity';

/** The identity provider's session a handoff came from: what the Parley login it starts remembers (back-channel logout). */
export interface IdpSessionLink {
  providerId: string;
  issuer: string;
  subject: string;
  sid: string | null;
  /** Kept for RP-initiated logout (`id_token_hint`). */
  idToken: string | null;
}

/** A one-time sign-in code, stored only as its SHA-256; exchanged once (the row is deleted) within its minute. */
@Entity('sign_in_handoffs')
@Index('uq_sign_in_handoffs_code_hash', ['codeHash'], { unique: true })
@Index('ix_sign_in_handoffs_user_id', ['userId'])
export class SignInHandoffRow extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_sign_in_handoffs' })
  id: string;

  @Column({ type: 'char', length: 64 })
  codeHash: string;

  @Column('uuid')
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_sign_in_handoffs_user' })
  user?: User;

  @Column({ type: 'jsonb', nullable: true })
  idpSession: IdpSessionLink | null;

  @Column({ type: 'varchar', length: 255, nullable: true })
  userAgent: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip: string | null;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
