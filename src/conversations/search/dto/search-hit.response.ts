import { ApiProperty } from '@nestjs/swagger';
import { MessageResponse } from '../../messages/dto/message.response';

/** The room a hit is in (`name` is null for direct and unnamed rooms). */
export class SearchRoomResponse {
  id: string;
  @ApiProperty({ type: String, nullable: true })
  name: string | null;
  @ApiProperty({ enum: ['ONE_TO_ONE', 'GROUP', 'COURSE', 'SUPPORT'] })
  room_type: string;
  @ApiProperty({ enum: ['public', 'private'] })
  visibility: string;
}

export class SearchHitResponse {
  @ApiProperty({ type: () => SearchRoomResponse })
  room: SearchRoomResponse;
  @ApiProperty({ type: () => MessageResponse })
  message: MessageResponse;
}

/** Hits across every room I can read, newest first; `next` continues (keyset). */
export class SearchPageResponse {
  @ApiProperty({ type: String, nullable: true })
  next: string | null;
  @ApiProperty({ type: () => [SearchHitResponse] })
  results: SearchHitResponse[];
}
