import { Optional } from '../../../core/validation/fields';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsDateString, IsIn, IsString, IsUUID, MaxLength } from 'class-validator';
import { MaxTextLength } from '../../../core/validation/text-length';

/** An ISO-8601 time with offset and milliseconds is 29 characters; ISO-8601 itself allows unbounded fractions of a second. */
const MUTED_UNTIL_MAX_LENGTH = 40;

export class AddMembersDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  user_ids: string[];

  /** Default `member`; only the owner may add admins. */
  @Optional()
  @IsIn(['admin', 'member'])
  role?: 'admin' | 'member';
}

export class UpdateMemberRoleDto {
  /** `owner` transfers ownership (the previous owner becomes admin). */
  @Optional()
  @IsIn(['owner', 'admin', 'member'])
  role?: 'owner' | 'admin' | 'member';

  /** Mute the member until this time (ISO-8601); null unmutes. Members ranked below the caller only. */
  @Optional({ nullable: true })
  @IsDateString({ strict: true })
  @MaxLength(MUTED_UNTIL_MAX_LENGTH)
  muted_until?: string | null;

  /** Why (kept in the audit log). */
  @Optional()
  @IsString()
  @MaxTextLength(500)
  reason?: string;
}

export class UpdateMyMembershipDto {
  @IsBoolean()
  notifications_muted: boolean;
}

export class KickQuery {
  /** Also ban the user from rejoining. */
  @Optional()
  @IsIn(['true', 'false', '1', '0'])
  ban?: string;

  /** Why (kept in the audit log). */
  @Optional()
  @IsString()
  @MaxTextLength(500)
  reason?: string;
}

export class InviteDto {
  @IsUUID()
  user_id: string;
}

export class OnlineResponse {
  online_users: string[];
  total_online: number;
}
