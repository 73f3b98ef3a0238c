import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';
import { Room } from '../../../../conversations/rooms/store/entities/room.entity';
import { LtiPlatform } from './lti-platform.entity';

/** A course (LTI context) seen in a launch: its room, and where its roster is read (NRPS). */
@Entity('lti_contexts')
@Index('ix_lti_contexts_room', ['organizationId', 'roomId'])
export class LtiContext extends OrganizationOwned {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'pk_lti_contexts' })
  platformId: string;

  @ManyToOne(() => LtiPlatform, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'platform_id', foreignKeyConstraintName: 'fk_lti_contexts_platform' })
  platform?: LtiPlatform;

  @PrimaryColumn({ type: 'varchar', length: 255, primaryKeyConstraintName: 'pk_lti_contexts' })
  contextId: string;

  @Column({ type: 'uuid' })
  roomId: string;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_lti_contexts_room' })
  room?: Room;

  @Column({ type: 'varchar', length: 255, default: '' })
  title: string;

  @Column({ type: 'varchar', length: 255 })
  deploymentId: string;

  @Column({ type: 'varchar', length: 2048, nullable: true })
  membershipsUrl: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  syncedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
