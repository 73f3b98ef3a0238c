import { PageMeta } from '../../common/pagination/page-meta.response';
import { ApiProperty } from '@nestjs/swagger';
import { UserResponse } from '../../users/dto/user.response';
import { RoomResponse } from './room.response';

export class InvitationResponse {
  id: string;
  room_id: string;
  room: RoomResponse;
  invited_by: UserResponse;
  invitee: UserResponse;
  @ApiProperty({ enum: ['pending', 'accepted', 'declined'] })
  status: string;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
}

export class InvitationPageResponse extends PageMeta {
  results: InvitationResponse[];
}
