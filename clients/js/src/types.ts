export type {
  WireAttachment as Upload,
  WireReactionEvent as ReactionEvent,
  WireMember as Member,
  WireMessage as Message,
  WireReadResult as ReadResult,
  WireReport as Report,
  WireRole as Role,
  WireUser as User,
} from '../../../src/contracts/wire.js';
export type {
  Ack,
  AckError,
  ClientEventMap,
  MemberEvent,
  PresenceEvent,
  ReadEvent,
  ServerEventMap,
  TypingEvent,
} from '../../../src/contracts/socket-events.js';

import type { WireRoom, WireUser } from '../../../src/contracts/wire.js';

/** A room as the viewer sees it; `unread_mentions` is in every REST answer (not in the `room:updated` broadcast). */
export type Room = WireRoom & { unread_mentions?: number };

/** What /auth/login, /auth/register and /auth/refresh answer. */
export interface TokenPair {
  access_token: string;
  refresh_token: string;
  /** Seconds until the access token expires. */
  expires_in: number;
}

export interface AuthResult extends TokenPair {
  user: WireUser;
  token_type: 'Bearer';
}

/** A page-number page (rooms, members, users, invitations). */
export interface Page<T> {
  count: number;
  next: string | null;
  previous: string | null;
  total_pages: number;
  current_page: number;
  page_size: number;
  results: T[];
}

/** A history page: `results` ascending by seq; `next` is older (before=), `previous` newer (after=). */
export interface MessagePage<T> {
  next: string | null;
  previous: string | null;
  results: T[];
}
