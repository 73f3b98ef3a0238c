import { ApiProperty } from '@nestjs/swagger';
import { MessagePageResponse } from '../../messages/dto/message-page.response';
import { MessageResponse } from '../../messages/dto/message.response';

/** A thread: its root, and a keyset page of its replies (ascending; `next` older, `previous` newer). */
export class ThreadPageResponse extends MessagePageResponse {
  @ApiProperty({ type: () => MessageResponse })
  root: MessageResponse;
}
