import { PageMeta } from '../../../core/pagination/page-meta.response';
import { ApiProperty } from '@nestjs/swagger';
import { MessageResponse } from '../../messages/dto/message.response';

/** The contract's Room resource, as seen by one viewer. */
export class RoomResponse {
  id: string;
  /** For an unnamed private room: its members' sorted usernames, "@alice, @bob". */
  @ApiProperty({ type: String, nullable: true })
  name: string | null;
  @ApiProperty({ type: String, nullable: true })
  slug: string | null;
  description: string;
  @ApiProperty({ enum: ['ONE_TO_ONE', 'GROUP', 'COURSE', 'SUPPORT'] })
  room_type: string;
  @ApiProperty({ enum: ['public', 'private'] })
  visibility: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  meta: Record<string, unknown>;
  is_active: boolean;
  @ApiProperty({ type: Number, nullable: true })
  max_participants: number | null;
  @ApiProperty({ type: String, nullable: true })
  created_by: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_message_at: string | null;
  participant_count: number;
  message_count: number;
  @ApiProperty({ type: () => MessageResponse, nullable: true })
  last_message: MessageResponse | null;
  unread_count: number;
  /** Messages past my read position that mention me (by name or `@room`). */
  unread_mentions: number;
  @ApiProperty({ enum: ['owner', 'admin', 'member'], nullable: true })
  my_role: 'owner' | 'admin' | 'member' | null;
  notifications_muted: boolean;
  @ApiProperty({ enum: ['everyone', 'admins'] })
  posting: 'everyone' | 'admins';
  slow_mode_seconds: number;
  is_archived: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  archived_at: string | null;
  @ApiProperty({ type: Number, nullable: true, description: "Days messages are kept; null follows the server's RETENTION_DAYS." })
  retention_days: number | null;
  @ApiProperty({ type: Number, description: 'The oldest seq still kept (retention removed those before it); last_seq + 1 when none is kept.' })
  oldest_seq: number;
  last_seq: number;
}

export class RoomPageResponse extends PageMeta {
  results: RoomResponse[];
}

export class RoomWithIsNewResponse {
  is_new: boolean;
  room: RoomResponse;
}
