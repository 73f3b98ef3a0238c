import { ApiProperty } from '@nestjs/swagger';
import { MessageResponse } from '../../messages/dto/message.response';

/** A room's pinned messages, newest pin first; `next` continues (keyset). */
export class PinPageResponse {
  @ApiProperty({ type: String, nullable: true })
  next: string | null;
  @ApiProperty({ type: () => [MessageResponse] })
  results: MessageResponse[];
}
