import { ApiProperty } from '@nestjs/swagger';
import { MessageResponse } from '../../messages/dto/message.response';

/** Messages that mention me, newest first, each with its `room_id`; `next` continues (keyset). */
export class MentionPageResponse {
  @ApiProperty({ type: String, nullable: true })
  next: string | null;
  @ApiProperty({ type: () => [MessageResponse] })
  results: MessageResponse[];
}
