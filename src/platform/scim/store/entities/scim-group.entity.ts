import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Room } from '../../../../conversations/rooms/store/entities/room.entity';
import { ApiKey } from '../../../integrations/store/entities/api-key.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/** A room that is a SCIM Group, owned by the provisioning client (API key) that made it. */
@Entity('scim_groups')
@Index('ix_scim_groups_created', ['organizationId', 'createdAt', 'roomId'])
@Index('ix_scim_groups_api_key_id', ['apiKeyId'], { where: '"api_key_id" IS NOT NULL' })
export class ScimGroup extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_scim_groups' })
  roomId: string;

  @OneToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_scim_groups_room' })
  room?: Room;

  @Column({ type: 'uuid', nullable: true })
  apiKeyId: string | null;

  @ManyToOne(() => ApiKey, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'api_key_id', foreignKeyConstraintName: 'fk_scim_groups_api_key' })
  apiKey?: ApiKey;

  @Column({ type: 'varchar', length: 255, nullable: true })
  externalId: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
