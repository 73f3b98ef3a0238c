import { BeforeInsert, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { newId } from '../../../../core/database/uuid';
import { User } from '../../../../identity/users/store/entities/user.entity';
import { Room } from './room.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

export type InvitationStatus = 'pending' | 'accepted' | 'declined' | 'withdrawn';

/** One pending invitation per room and invitee (partial unique index). */
@Entity('invitations')
@Index('uq_invitations_pending', ['roomId', 'inviteeId'], { unique: true, where: `"status" = 'pending'` })
@Index('ix_invitations_invitee', ['inviteeId', 'status'])
@Index('ix_invitations_invited_by', ['invitedBy'])
@Check('ck_invitations_status', `"status" IN ('pending', 'accepted', 'declined', 'withdrawn')`)
export class Invitation extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_invitations' })
  id: string;

  @Column('uuid')
  roomId: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_invitations_room' })
  room?: Room;

  @Column('uuid')
  invitedBy: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invited_by', foreignKeyConstraintName: 'fk_invitations_invited_by' })
  inviter?: User;

  @Column('uuid')
  inviteeId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'invitee_id', foreignKeyConstraintName: 'fk_invitations_invitee' })
  invitee?: User;

  @Column({ type: 'varchar', length: 10, default: 'pending' })
  status: InvitationStatus;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  respondedAt: Date | null;

  @BeforeInsert()
  assignId(): void {
    this.id ??= newId();
  }
}
