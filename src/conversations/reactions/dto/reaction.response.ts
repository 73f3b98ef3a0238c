import { ApiProperty } from '@nestjs/swagger';
import { UserResponse } from '../../../identity/users/dto/user.response';

/** The state of one emoji on a message after a PUT. */
export class ReactionResponse {
  message_id: string;
  emoji: string;
  count: number;
  /** Whether the caller has reacted with it. */
  me: boolean;
}

export class ReactorResponse {
  @ApiProperty({ type: () => UserResponse })
  user: UserResponse;
  @ApiProperty({ type: String, format: 'date-time' })
  reacted_at: string;
}

/** Keyset page of the users who reacted with one emoji, in order of reacting; `next` continues it. */
export class ReactorPageResponse {
  @ApiProperty({ type: String, nullable: true })
  next: string | null;
  results: ReactorResponse[];
}
