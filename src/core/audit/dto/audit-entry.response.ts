import { Optional } from '../../validation/fields';
import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { IdCursorQuery } from '../../pagination/id-cursor.query';
import { AuditEntry } from '../store/entities/audit-entry.entity';

export class AuditEntryResponse {
  id: string;
  @ApiProperty({ type: String, nullable: true, description: 'Null when the actor was the system (retention, the platform).' })
  actor_id: string | null;
  /** The actor's username when the action was taken. */
  actor_name: string;
  @ApiProperty({ example: 'member.banned' })
  action: string;
  @ApiProperty({ type: String, nullable: true })
  room_id: string | null;
  @ApiProperty({ type: String, nullable: true, description: "The room's name when the action was taken." })
  room_name: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['user', 'message', 'room', 'report', 'api_key', 'webhook', 'legal_hold', 'export', 'content_rule', 'lti_platform'],
  })
  target_type: string | null;
  @ApiProperty({ type: String, nullable: true })
  target_id: string | null;
  @ApiProperty({ type: String, nullable: true })
  target_name: string | null;
  reason: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  details: Record<string, unknown>;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
}

export class AuditPageResponse {
  @ApiProperty({ type: String, nullable: true, description: 'The next (older) page, or null.' })
  next: string | null;
  @ApiProperty({ type: () => [AuditEntryResponse] })
  results: AuditEntryResponse[];
}

/** `GET /rooms/{id}/audit` and `GET /admin/audit` (`room_id` filters the latter), newest first. */
export class AuditQuery extends IdCursorQuery {
  @Optional()
  @IsUUID()
  room_id?: string;
}

export function toAuditEntryResponse(e: AuditEntry): AuditEntryResponse {
  return {
    id: e.id,
    actor_id: e.actorId,
    actor_name: e.actorName,
    action: e.action,
    room_id: e.roomId,
    room_name: e.roomName,
    target_type: e.targetType,
    target_id: e.targetId,
    target_name: e.targetName,
    reason: e.reason,
    details: e.details,
    created_at: e.createdAt.toISOString(),
  };
}
