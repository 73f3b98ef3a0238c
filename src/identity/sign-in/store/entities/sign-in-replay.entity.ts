import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';
import { SignInProvider } from './sign-in-provider.entity';

/** A logout token's `jti` or an assertion's ID already accepted, kept until it would have expired anyway. */
@Entity('sign_in_replays')
export class SignInReplay extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_sign_in_replays' })
  providerId: string;

  @ManyToOne(() => SignInProvider, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'provider_id', foreignKeyConstraintName: 'fk_sign_in_replays_provider' })
  provider?: SignInProvider;

  @PrimaryColumn({ type: 'varchar', length: 255, primaryKeyConstraintName: 'pk_sign_in_replays' })
  value: string;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;
}
