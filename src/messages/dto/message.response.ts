import { ApiProperty } from '@nestjs/swagger';
import { UploadResponse } from '../../uploads/dto/upload.response';
import { UserResponse } from '../../users/dto/user.response';

/** The contract's Message resource. */
export class MessageResponse {
  id: string;
  room_id: string;
  /** Per room, gapless, strictly increasing in commit order. */
  seq: number;
  @ApiProperty({ enum: ['text', 'system'] })
  type: 'text' | 'system';
  @ApiProperty({ type: () => UserResponse, nullable: true })
  sender: UserResponse | null;
  /** Empty when deleted. */
  content: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  meta: Record<string, unknown>;
  @ApiProperty({ type: String, nullable: true })
  reply_to_id: string | null;
  @ApiProperty({ type: String, nullable: true })
  client_message_id: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  edited_at: string | null;
  deleted: boolean;
  /** Files sent with the message, in the order given (empty when deleted). */
  @ApiProperty({ type: () => UploadResponse, isArray: true })
  attachments: UploadResponse[];
}
