import { ApiProperty } from '@nestjs/swagger';
import { Report } from '../store/entities/report.entity';

export class ReportResponse {
  id: string;
  @ApiProperty({ enum: ['message', 'user'] })
  target_type: string;
  /** The reported message's id, or the reported user's. */
  target_id: string;
  @ApiProperty({ type: String, nullable: true, description: "The reported user (a message's sender)." })
  target_user_id: string | null;
  @ApiProperty({ type: String, nullable: true })
  room_id: string | null;
  /** The reported message's content when it was reported (moderators only). */
  @ApiProperty({ required: false })
  target_content?: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    required: false,
    description:
      'Which version of the message `target_content` is: 0 as sent, n after n edits (see its revisions); null for a user report. Moderators only.',
  })
  target_version?: number | null;
  @ApiProperty({ enum: ['spam', 'harassment', 'hate', 'violence', 'sexual', 'self_harm', 'misinformation', 'other'] })
  reason: string;
  details: string;
  @ApiProperty({ type: String, nullable: true, required: false, description: 'Moderators only.' })
  reporter_id?: string | null;
  @ApiProperty({ enum: ['open', 'resolved'] })
  status: string;
  @ApiProperty({ type: String, nullable: true, enum: ['dismiss', 'delete_message', 'mute', 'kick', 'ban'] })
  action: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  resolved_at: string | null;
  @ApiProperty({ required: false, description: 'Moderators only.' })
  resolution_note?: string;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
}

export class ReportPageResponse {
  @ApiProperty({ type: String, nullable: true, description: 'The next (older) page, or null.' })
  next: string | null;
  @ApiProperty({ type: () => [ReportResponse] })
  results: ReportResponse[];
}

/** Reporters see their report without moderator-only fields. */
export function toReportResponse(r: Report, forModerator: boolean): ReportResponse {
  return {
    id: r.id,
    target_type: r.targetType,
    target_id: r.targetId,
    target_user_id: r.targetUserId,
    room_id: r.roomId,
    reason: r.reason,
    details: r.details,
    status: r.status,
    action: r.action,
    resolved_at: r.resolvedAt ? r.resolvedAt.toISOString() : null,
    created_at: r.createdAt.toISOString(),
    ...(forModerator
      ? { reporter_id: r.reporterId, target_content: r.targetContent, target_version: r.targetVersion, resolution_note: r.resolutionNote }
      : {}),
  };
}
