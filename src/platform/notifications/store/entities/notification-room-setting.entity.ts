import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Room } from '../../../../conversations/rooms/store/entities/room.entity';
import { User } from '../../../../identity/users/store/entities/user.entity';
import type { NotifyLevel } from './notification-settings.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/** A user's level for one room, over their own default. */
@Entity('notification_room_settings')
@Index('ix_notification_room_settings_room', ['roomId'])
export class NotificationRoomSetting extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_notification_room_settings' })
  userId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_notification_room_settings' })
  roomId: string;

  @ManyToOne(() => User, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'user_id', foreignKeyConstraintName: 'fk_notification_room_settings_user' })
  user?: User;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_notification_room_settings_room' })
  room?: Room;

  @Column({ type: 'varchar', length: 8 })
  level: NotifyLevel;
}
