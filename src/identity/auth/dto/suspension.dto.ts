import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsDateString, IsString, MaxLength } from 'class-validator';
import { Optional } from '../../../core/validation/fields';
import { TextLength } from '../../../core/validation/text-length';
import type { UserSuspension } from '../store/entities/user-suspension.entity';

export class SuspendUserDto {
  /** Why (kept with the suspension, in the audit log and in the user's data export). */
  @IsString()
  @TextLength(1, 500)
  reason: string;

  /** The end (ISO-8601, in the future); null or absent: until lifted. */
  @Optional({ nullable: true })
  @IsDateString({ strict: true })
  @MaxLength(40)
  until?: string | null;

  /**
   * A shadow suspension: the user is not signed out and keeps posting, but their new messages are seen
   * only by them and the moderators, never published (not even when it is lifted). Default false.
   */
  @Optional()
  @IsBoolean()
  shadow?: boolean;
}

export class SuspensionResponse {
  user_id: string;
  reason: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'The end; null: until lifted.' })
  until: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'The global admin who suspended.' })
  suspended_by: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
  /** A shadow suspension: signed in and posting, their new messages seen only by them and the moderators. */
  shadow: boolean;
}

export function toSuspensionResponse(s: UserSuspension): SuspensionResponse {
  return {
    user_id: s.userId,
    reason: s.reason,
    until: s.suspendedUntil ? s.suspendedUntil.toISOString() : null,
    suspended_by: s.suspendedBy,
    created_at: s.createdAt.toISOString(),
    shadow: s.shadow,
  };
}
