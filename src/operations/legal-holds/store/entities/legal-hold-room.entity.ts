import { Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { LegalHold } from './legal-hold.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

/** A room a hold applies to: its messages, and the room itself (it cannot be deleted). No foreign key to rooms, so the record stays. */
@Entity('legal_hold_rooms')
@Index('ix_legal_hold_rooms_room', ['roomId'])
export class LegalHoldRoom extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_legal_hold_rooms' })
  holdId: string;

  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_legal_hold_rooms' })
  roomId: string;

  @ManyToOne(() => LegalHold, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'hold_id', foreignKeyConstraintName: 'fk_legal_hold_rooms_hold' })
  hold?: LegalHold;
}
