import { JsonObjectField, Optional } from '../../../core/validation/fields';
import { IsIn, IsInt, IsString, Max, Min } from 'class-validator';
import { MaxTextLength } from '../../../core/validation/text-length';
import { POSTING_MODES, PostingMode, VISIBILITIES, Visibility } from '../store/entities/room.entity';
import { DescriptionField, MaxParticipantsField, RoomNameField } from './room-fields';

export class UpdateRoomDto {
  @RoomNameField()
  name?: string;

  @DescriptionField()
  description?: string;

  @JsonObjectField(16 * 1024)
  meta?: Record<string, unknown>;

  @MaxParticipantsField()
  max_participants?: number;

  @Optional()
  @IsIn(VISIBILITIES)
  visibility?: Visibility;

  /** `admins` makes an announcement room: members read and react, only owners and admins post. */
  @Optional()
  @IsIn(POSTING_MODES)
  posting?: PostingMode;

  /** A member may send one message per this many seconds (0 turns slow mode off; owners and admins are exempt). */
  @Optional()
  @IsInt()
  @Min(0)
  @Max(3600)
  slow_mode_seconds?: number;

  /** Remove messages older than this many days; null follows the server's RETENTION_DAYS. */
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(36500)
  retention_days?: number | null;
}

/** `?reason=` on moderation actions without a body (kept in the audit log). */
export class ReasonQuery {
  @Optional()
  @IsString()
  @MaxTextLength(500)
  reason?: string;
}
