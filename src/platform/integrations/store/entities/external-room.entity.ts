import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Room } from '../../../../conversations/rooms/store/entities/room.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/** The host platform's id of a room (a course, say), kept beside the room rather than in it. */
@Entity('external_rooms')
@Index('uq_external_rooms_room_id', ['roomId'], { unique: true })
export class ExternalRoom extends OrganizationOwned {
  @PrimaryColumn({ type: 'varchar', length: 255, primaryKeyConstraintName: 'pk_external_rooms' })
  externalId: string;

  @Column('uuid')
  roomId: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_external_rooms_room' })
  room?: Room;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
