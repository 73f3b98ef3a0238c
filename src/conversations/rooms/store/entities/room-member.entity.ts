import { bigintToNumber } from '../../../../core/database/column-transformers';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../../../identity/users/store/entities/user.entity';
import { Room } from './room.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

export const ROOM_ROLES = ['owner', 'admin', 'member'] as const;
export type RoomRole = (typeof ROOM_ROLES)[number];

/** One membership per user and room (the primary key). */
@Entity('room_members')
@Index('ix_room_members_user_id', ['userId'])
@Check('ck_room_members_role', `"role" IN ('owner', 'admin', 'member')`)
export class RoomMember extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_room_members' })
  roomId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_room_members' })
  userId: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_room_members_room' })
  room?: Room;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_room_members_user' })
  user?: User;

  @Column({ type: 'varchar', length: 8, default: 'member' })
  role: RoomRole;

  @Column({ type: 'bigint', default: 0, transformer: bigintToNumber })
  lastReadSeq: number;

  @Column({ type: 'boolean', default: false })
  notificationsMuted: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  joinedAt: Date;

  /** Set by owners/admins: until then the member reads but cannot post. */
  @Column({ type: 'timestamptz', nullable: true })
  mutedUntil: Date | null;
}
