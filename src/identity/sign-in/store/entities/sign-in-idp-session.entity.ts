import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';
import { UserSession } from '../../../auth/store/entities/user-session.entity';
import { SignInProvider } from './sign-in-provider.entity';

/** The identity provider's session a Parley login came from: back-channel logout ends the logins of a `sid` (or `sub`). */
@Entity('sign_in_idp_sessions')
@Index('ix_sign_in_idp_sessions_sid', ['organizationId', 'providerId', 'sid'])
@Index('ix_sign_in_idp_sessions_subject', ['organizationId', 'providerId', 'subject'])
@Index('ix_sign_in_idp_sessions_provider', ['providerId'])
export class SignInIdpSession extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_sign_in_idp_sessions' })
  sessionId: string;

  @ManyToOne(() => UserSession, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'session_id', foreignKeyConstraintName: 'fk_sign_in_idp_sessions_session' })
  session?: UserSession;

  @Column('uuid')
  providerId: string;

  @ManyToOne(() => SignInProvider, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'fk_sign_in_idp_sessions_provider' })
  provider?: SignInProvider;

  @Column({ type: 'varchar', length: 512 })
  issuer: string;

  @Column({ type: 'varchar', length: 255 })
  subject: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  sid: string | null;

  /** For RP-initiated logout's `id_token_hint`. */
  @Column({ type: 'text', nullable: true })
  idToken: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
