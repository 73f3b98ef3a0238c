import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Room } from '../../../../conversations/rooms/store/entities/room.entity';
import { Organization } from '../../../../core/organizations/store/entities/organization.entity';

/**
 * The host platform's id of a room (a course, say), kept beside the room rather than in it. An
 * organization's own: the key starts with `organization_id`, so two organizations may use the same
 * external id. It declares OrganizationOwned's column itself, as part of its primary key (TypeORM keeps a
 * base class's column over a subclass's).
 */
@Entity('external_rooms')
@Index('uq_external_rooms_room_id', ['roomId'], { unique: true })
export class ExternalRoom {
  @PrimaryColumn({
    type: 'uuid',
    default: () => 'parley_new_row_organization()',
    select: false,
    insert: false,
    update: false,
    primaryKeyConstraintName: 'pk_external_rooms',
  })
  organizationId?: string;

  @ManyToOne(() => Organization)
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'fk_organization' })
  organization?: Organization;

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
