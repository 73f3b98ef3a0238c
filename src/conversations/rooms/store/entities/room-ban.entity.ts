import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../../../identity/users/store/entities/user.entity';
import { Room } from './room.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/** A user kicked with `?ban=true`: kept out (no join, add, invite) until an owner/admin unbans them. */
@Entity('room_bans')
@Index('ix_room_bans_user', ['userId'])
export class RoomBan extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_room_bans' })
  roomId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_room_bans' })
  userId: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_room_bans_room' })
  room?: Room;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_room_bans_user' })
  user?: User;

  @Column({ type: 'uuid', nullable: true })
  bannedBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
