import { CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../../users/store/entities/user.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/** `blocker` blocked `blocked`: no direct room between them, no sends in an existing one. */
@Entity('user_blocks')
@Index('ix_user_blocks_blocked', ['blockedId'])
export class UserBlock extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_user_blocks' })
  blockerId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_user_blocks' })
  blockedId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'blocker_id', foreignKeyConstraintName: 'fk_user_blocks_blocker' })
  blocker?: User;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'blocked_id', foreignKeyConstraintName: 'fk_user_blocks_blocked' })
  blocked?: User;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
