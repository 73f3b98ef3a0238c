import { PageMeta } from '../../../core/pagination/page-meta.response';
import { ApiProperty } from '@nestjs/swagger';
import { UserResponse } from '../../../identity/users/dto/user.response';

export class MemberResponse {
  user: UserResponse;
  @ApiProperty({ enum: ['owner', 'admin', 'member'] })
  role: 'owner' | 'admin' | 'member';
  @ApiProperty({ type: String, format: 'date-time' })
  joined_at: string;
  last_read_seq: number;
  /** The member's own notification mute for the room: private, so `false` for anyone but that member. */
  notifications_muted: boolean;
  /** Set by owners/admins: the member may not post until then (null: not muted). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  muted_until: string | null;
  online: boolean;
}

export class MemberPageResponse extends PageMeta {
  results: MemberResponse[];
}
