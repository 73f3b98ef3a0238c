import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsOptional, IsUUID } from 'class-validator';

export class AddMembersDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  user_ids: string[];

  /** Default `member`; only the owner may add admins. */
  @IsOptional()
  @IsIn(['admin', 'member'])
  role?: 'admin' | 'member';
}

export class UpdateMemberRoleDto {
  /** `owner` transfers ownership (the previous owner becomes admin). */
  @IsIn(['owner', 'admin', 'member'])
  role: 'owner' | 'admin' | 'member';
}

export class UpdateMyMembershipDto {
  @IsBoolean()
  notifications_muted: boolean;
}

export class KickQuery {
  /** Also ban the user from rejoining. */
  @IsOptional()
  @IsIn(['true', 'false', '1', '0'])
  ban?: string;
}

export class InviteDto {
  @IsUUID()
  user_id: string;
}

export class OnlineResponse {
  online_users: string[];
  total_online: number;
}
