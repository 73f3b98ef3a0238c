import { JsonObjectField, LowerTrim, Optional, Trim } from '../../../core/validation/fields';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEmail, IsIn, IsNotEmpty, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { DescriptionField, MaxParticipantsField } from '../../../conversations/rooms/dto/room-fields';
import { CLIENT_MESSAGE_ID_MAX_LENGTH, MESSAGE_MAX_LENGTH } from '../../../conversations/messages/dto/message.dto';
import { NameField, UserTypeField } from '../../../identity/users/dto/user-fields';
import type { UserType } from '../../../identity/users/store/entities/user.entity';
import { NoNul } from './no-nul';

/** The platform's own ids: 1..255 of letters, digits and `_ . : @ -`. */
export const EXTERNAL_ID = /^[A-Za-z0-9_.:@-]{1,255}$/;
export const ROSTER_MAX = 10000;

export class UpsertPlatformUserDto {
  /** Wanted username (made valid and unique on creation; kept afterwards). Defaults to the external id. */
  @Optional()
  @IsString()
  @MaxLength(150)
  @NoNul()
  username?: string;

  /** Kept only when valid and not another user's. */
  @Optional()
  @LowerTrim()
  @IsString()
  @MaxLength(254)
  @IsEmail()
  @NoNul()
  email?: string;

  @NameField()
  @NoNul()
  display_name?: string;

  @NameField()
  @NoNul()
  first_name?: string;

  @NameField()
  @NoNul()
  last_name?: string;

  /**
   * `support` makes a support agent: the institution's directory decides who is staff, as a global
   * admin's `PATCH /users/{id}` may. Audited (`user.type_changed`); the user's sockets reconnect.
   */
  @UserTypeField()
  @NoNul()
  user_type?: UserType;
}

export class UpsertPlatformRoomDto {
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'This field may not be blank.' })
  @MaxLength(150)
  @NoNul()
  name: string;

  /** `COURSE` by default. */
  @ApiProperty({ enum: ['GROUP', 'COURSE', 'SUPPORT'], required: false })
  @Optional()
  @IsIn(['GROUP', 'COURSE', 'SUPPORT'])
  @NoNul()
  room_type?: 'GROUP' | 'COURSE' | 'SUPPORT';

  @ApiProperty({ enum: ['public', 'private'], required: false })
  @Optional()
  @IsIn(['public', 'private'])
  @NoNul()
  visibility?: 'public' | 'private';

  @DescriptionField()
  @NoNul()
  description?: string;

  /** Free-form JSON object, at most 16 KB. */
  @JsonObjectField(16 * 1024)
  @NoNul()
  meta?: Record<string, unknown>;

  @Optional()
  @IsBoolean()
  is_active?: boolean;

  @MaxParticipantsField()
  max_participants?: number;
}

export class RosterMemberDto {
  /** The user's `external_id` (upserted before with PUT /platform/users/{external_id}). */
  @ApiProperty({ pattern: EXTERNAL_ID.source, maxLength: 255 })
  @IsString()
  @Matches(EXTERNAL_ID, { message: 'must be 1..255 of letters, digits and _ . : @ -' })
  @NoNul()
  external_id: string;

  @ApiProperty({ enum: ['owner', 'admin', 'member'], required: false })
  @Optional()
  @IsIn(['owner', 'admin', 'member'])
  @NoNul()
  role?: 'owner' | 'admin' | 'member';
}

export class PutRosterDto {
  /** The whole member list; members not in it are removed. At most 10,000. */
  @ApiProperty({ type: [RosterMemberDto], maxItems: ROSTER_MAX })
  @IsArray()
  @ArrayMaxSize(ROSTER_MAX)
  @ValidateNested({ each: true })
  @Type(() => RosterMemberDto)
  members: RosterMemberDto[];
}

export class PlatformMessageDto {
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'This field may not be blank.' })
  @MaxLength(MESSAGE_MAX_LENGTH)
  @NoNul()
  content: string;

  /** Idempotency: a retry with the same id returns the first message (200) and writes nothing. */
  @Optional()
  @IsString()
  @Length(1, CLIENT_MESSAGE_ID_MAX_LENGTH)
  @NoNul()
  client_message_id?: string;

  @JsonObjectField(4 * 1024)
  @NoNul()
  meta?: Record<string, unknown>;
}
