import { PageMeta } from '../../../core/pagination/page-meta.response';
import { ApiProperty } from '@nestjs/swagger';
import { UserResponse } from '../../../identity/users/dto/user.response';
import { ROOM_TYPES } from '../store/entities/room.entity';

/** What an invitee may see of a room before accepting: no messages, meta, description or unread counts. */
export class InvitationRoomResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;
  @ApiProperty({ type: String, nullable: true })
  name: string | null;
  @ApiProperty({ enum: ROOM_TYPES })
  room_type: string;
  @ApiProperty({ enum: ['public', 'private'] })
  visibility: string;
  /** Members now. */
  participant_count: number;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
}

export class InvitationResponse {
  @ApiProperty({ type: String, format: 'uuid' })
  id: string;
  @ApiProperty({ type: String, format: 'uuid' })
  room_id: string;
  room: InvitationRoomResponse;
  invited_by: UserResponse;
  invitee: UserResponse;
  @ApiProperty({ enum: ['pending', 'accepted', 'declined', 'withdrawn'] })
  status: string;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
}

export class InvitationPageResponse extends PageMeta {
  results: InvitationResponse[];
}
