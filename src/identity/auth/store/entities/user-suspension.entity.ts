import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../../users/store/entities/user.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/**
 * A deployment-wide suspension: while `suspended_until` is NULL or in the future the user can
 * neither sign in, renew a token nor connect (`account_suspended`). Lifting deletes the row.
 */
@Entity('user_suspensions')
export class UserSuspension extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_user_suspensions' })
  userId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_user_suspensions_user' })
  user?: User;

  @Column({ type: 'text', default: '' })
  reason: string;

  /** NULL: until lifted. */
  @Column({ type: 'timestamptz', nullable: true })
  suspendedUntil: Date | null;

  /**
   * A shadow suspension: the user keeps signing in and posting, but their new messages are seen only by
   * them and the moderators (docs/compliance.md).
   */
  @Column({ type: 'boolean', default: false })
  shadow: boolean;

  /** The admin who suspended (no foreign key: the record outlives them). */
  @Column({ type: 'uuid', nullable: true })
  suspendedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
