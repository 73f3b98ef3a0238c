import { RoomResponse } from '../../../conversations/rooms/dto/room.response';
import { MessageResponse } from '../../../conversations/messages/dto/message.response';
import { UserResponse } from '../../../identity/users/dto/user.response';

export class PlatformUserResponse {
  external_id: string;
  /** True when this call created the user. */
  created: boolean;
  user: UserResponse;
}

export class PlatformRoomResponse {
  external_id: string;
  created: boolean;
  room: RoomResponse;
}

/** What a roster PUT changed (all zero on a replay). */
export class RosterResponse {
  added: number;
  removed: number;
  role_changed: number;
  unchanged: number;
}

export class PlatformMessageResponse {
  created: boolean;
  message: MessageResponse;
}

/** A Parley access token minted for a user (a server-side token). */
export class MintedTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  /** Seconds. */
  expires_in: number;
  user: UserResponse;
}
