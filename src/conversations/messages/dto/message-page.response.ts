import { UserResponse } from '../../../identity/users/dto/user.response';
import { MessageResponse } from './message.response';

/** Cursor page: `results` ascending by seq; `next` is older (before=), `previous` newer (after=). */
export class MessagePageResponse {
  next: string | null;
  previous: string | null;
  results: MessageResponse[];
}

export class ReadResponse {
  last_read_seq: number;
  unread_count: number;
}

export class ReceiptsResponse {
  read_by: UserResponse[];
  count: number;
}

export class UnreadRoom {
  room_id: string;
  unread_count: number;
}

export class UnreadSummaryResponse {
  total: number;
  rooms: UnreadRoom[];
}
