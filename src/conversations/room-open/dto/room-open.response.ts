import { ApiProperty } from '@nestjs/swagger';
import { MessagePageResponse, ReadResponse } from '../../messages/dto/message-page.response';
import { MemberPageResponse } from '../../rooms/dto/member.response';
import { RoomResponse } from '../../rooms/dto/room.response';

/**
 * What opening a room shows, each part as its own route answers it: `room` as GET /rooms/{id},
 * `messages` as GET /rooms/{id}/messages (the newest page; its links page on there), `members`
 * as GET /rooms/{id}/members (the first page; its links page on there).
 */
export class RoomOpenResponse {
  room: RoomResponse;
  messages: MessagePageResponse;
  members: MemberPageResponse;
  @ApiProperty({
    type: () => ReadResponse,
    nullable: true,
    description: "The caller's read position and unread count; null for a reader who is not a member (a public room's visitor).",
  })
  read: ReadResponse | null;
}
