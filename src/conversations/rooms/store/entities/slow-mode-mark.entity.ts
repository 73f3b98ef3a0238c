import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { User } from '../../../../identity/users/store/entities/user.entity';
import { Room } from './room.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/**
 * When a member last posted in a room in slow mode. Its own table, not a
 * room_members column: the send statement already updates the member row
 * (read position), and one statement may not update a row twice.
 */
@Entity('slow_mode_marks')
@Index('ix_slow_mode_marks_user', ['userId'])
export class SlowModeMark extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_slow_mode_marks' })
  roomId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_slow_mode_marks' })
  userId: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_slow_mode_marks_room' })
  room?: Room;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_slow_mode_marks_user' })
  user?: User;

  @Column({ type: 'timestamptz' })
  postedAt: Date;
}
