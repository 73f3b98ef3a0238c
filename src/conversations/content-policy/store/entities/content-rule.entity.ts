import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { Room } from '../../../rooms/store/entities/room.entity';
import { OrganizationOwned } from '../../../../core/organizations/store/entities/organization-owned';

export const RULE_SCOPES = ['deployment', 'room'] as const;
export type RuleScope = (typeof RULE_SCOPES)[number];
export const RULE_KINDS = ['words', 'regex', 'links', 'pii'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];
export const RULE_ACTIONS = ['block', 'mask', 'flag', 'hold'] as const;
export type RuleAction = (typeof RULE_ACTIONS)[number];

/** What a rule looks for; which fields apply depends on the kind (docs/compliance.md). */
export interface RuleConfig {
  words?: string[];
  pattern?: string;
  link_mode?: 'allow' | 'deny';
  domains?: string[];
  detectors?: ('email' | 'phone' | 'card')[];
  phone_region?: string | null;
}

/**
 * A content rule checked before a message is stored (docs/compliance.md). `scope` says
 * whose rule it is: the deployment's (`room_id` NULL) or one room's. An organization
 * scope is one more value and one more nullable column, checked the same way.
 */
@Entity('content_rules')
@Index('ix_content_rules_room', ['roomId'], { where: '"room_id" IS NOT NULL' })
@Check('ck_content_rules_scope', `("scope" = 'deployment' AND "room_id" IS NULL) OR ("scope" = 'room' AND "room_id" IS NOT NULL)`)
@Check('ck_content_rules_kind', `"kind" IN ('words', 'regex', 'links', 'pii')`)
@Check('ck_content_rules_action', `"action" IN ('block', 'mask', 'flag', 'hold')`)
export class ContentRule extends OrganizationOwned {
  @PrimaryColumn('uuid', { primaryKeyConstraintName: 'pk_content_rules' })
  id: string;

  @Column({ type: 'varchar', length: 16 })
  scope: RuleScope;

  @Column({ type: 'uuid', nullable: true })
  roomId: string | null;

  @ManyToOne(() => Room, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'room_id', foreignKeyConstraintName: 'fk_content_rules_room' })
  room?: Room;

  @Column({ type: 'varchar', length: 100, default: '' })
  name: string;

  @Column({ type: 'varchar', length: 8 })
  kind: RuleKind;

  @Column({ type: 'varchar', length: 8 })
  action: RuleAction;

  @Column({ type: 'jsonb', default: {} })
  config: RuleConfig;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
