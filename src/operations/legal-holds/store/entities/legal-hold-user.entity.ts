import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LegalHold } from './legal-hold.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/** A user a hold applies to: the messages they sent. No foreign key to users: the hold keeps naming them after they are deleted. */
@Entity('legal_hold_users')
@Index('ix_legal_hold_users_user', ['userId'])
export class LegalHoldUser extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_legal_hold_users' })
  holdId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_legal_hold_users' })
  userId: string;

  @ManyToOne(() => LegalHold, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'hold_id', foreignKeyConstraintName: 'fk_legal_hold_users_hold' })
  hold?: LegalHold;
}
