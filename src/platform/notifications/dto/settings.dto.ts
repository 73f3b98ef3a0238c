import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDateString, IsIn, IsObject, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Optional } from '../../../core/validation/fields';
import { NOTIFY_LEVELS, NotifyLevel } from '../store/entities/notification-settings.entity';
import { IsTimeZone } from '../quiet-hours';

const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class QuietHoursDto {
  /** `HH:MM`, 24-hour, in the user's time zone. */
  @IsString()
  @MaxLength(5)
  @Matches(HH_MM, { message: 'start must be a time such as 22:00.' })
  start: string;

  /** `HH:MM`; before `start` when the quiet hours span midnight. */
  @IsString()
  @MaxLength(5)
  @Matches(HH_MM, { message: 'end must be a time such as 07:00.' })
  end: string;
}

export class UpdateNotificationSettingsDto {
  /** Default for rooms without their own level; null = by room type (direct: all, others: mentions). */
  @ApiProperty({ enum: NOTIFY_LEVELS, nullable: true, required: false })
  @Optional({ nullable: true })
  @IsIn(NOTIFY_LEVELS)
  level?: NotifyLevel | null;

  /** Email digests on or off. */
  @Optional()
  @IsBoolean()
  email?: boolean;

  /** Nothing is sent before this time; null ends the snooze. */
  @ApiProperty({ type: String, format: 'date-time', nullable: true, required: false, maxLength: 40 })
  @Optional({ nullable: true })
  @MaxLength(40)
  @IsDateString({ strict: true })
  snooze_until?: string | null;

  /** Push waits while quiet hours last; null turns them off. */
  @ApiProperty({ type: QuietHoursDto, nullable: true, required: false })
  @Optional({ nullable: true })
  @IsObject()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quiet_hours?: QuietHoursDto | null;

  /** An IANA time zone such as Europe/Berlin, for quiet hours. */
  @Optional()
  @IsString()
  @MaxLength(64)
  @IsTimeZone()
  time_zone?: string;
}

export class NotificationSettingsResponse {
  @ApiProperty({ enum: NOTIFY_LEVELS, nullable: true })
  level: NotifyLevel | null;
  email: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  snooze_until: string | null;
  @ApiProperty({ type: QuietHoursDto, nullable: true })
  quiet_hours: QuietHoursDto | null;
  time_zone: string;
}

export class RoomNotificationLevelDto {
  @ApiProperty({ enum: NOTIFY_LEVELS })
  @IsIn(NOTIFY_LEVELS)
  level: NotifyLevel;
}

export class RoomNotificationResponse {
  room_id: string;
  /** The room's own level; null = the user's default applies. */
  @ApiProperty({ enum: NOTIFY_LEVELS, nullable: true })
  level: NotifyLevel | null;
  /** What applies now: the room's level, else the user's default, else the room type's. */
  @ApiProperty({ enum: NOTIFY_LEVELS })
  effective_level: NotifyLevel;
  /** The membership's mute (room_members.notifications_muted): nothing is sent while set. */
  muted: boolean;
}
