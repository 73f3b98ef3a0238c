import { ApiProperty } from '@nestjs/swagger';
import { RULE_ACTIONS, RULE_KINDS, RULE_SCOPES, type ContentRule } from '../store/entities/content-rule.entity';
import { LINK_MODES, PII_DETECTORS } from './content-rule.dto';

export class ContentRuleResponse {
  id: string;
  @ApiProperty({ enum: RULE_SCOPES })
  scope: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The room of a room rule; null for a deployment rule.' })
  room_id: string | null;
  name: string;
  @ApiProperty({ enum: RULE_KINDS })
  kind: string;
  @ApiProperty({ enum: RULE_ACTIONS })
  action: string;
  enabled: boolean;
  @ApiProperty({ type: [String], required: false })
  words?: string[];
  pattern?: string;
  @ApiProperty({ enum: LINK_MODES, required: false })
  link_mode?: string;
  @ApiProperty({ type: [String], required: false })
  domains?: string[];
  @ApiProperty({ enum: PII_DETECTORS, isArray: true, required: false })
  detectors?: string[];
  @ApiProperty({ type: String, nullable: true, required: false })
  phone_region?: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: string;
}

export class ContentRuleListResponse {
  @ApiProperty({ type: [ContentRuleResponse] })
  results: ContentRuleResponse[];
}

export function toContentRuleResponse(rule: ContentRule): ContentRuleResponse {
  return {
    id: rule.id,
    scope: rule.scope,
    room_id: rule.roomId,
    name: rule.name,
    kind: rule.kind,
    action: rule.action,
    enabled: rule.enabled,
    ...rule.config,
    created_at: rule.createdAt.toISOString(),
    updated_at: rule.updatedAt.toISOString(),
  };
}
