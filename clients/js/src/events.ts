import type { OutgoingMessage } from './outbox.js';
import type { SocketConfig } from './realtime.js';
import type { TokenStorage } from './token-storage.js';
import type { StoredTokens } from './tokens.js';
import type { Invitation, MemberEvent, MemberLeftEvent, Message, PresenceEvent, ReactionEvent, ReadEvent, Report, Room, User } from './types.js';

export interface ParleyClientOptions {
  /** Where Parley runs, e.g. `http://localhost:3000` ('' in a browser on Parley's own origin). */
  baseUrl: string;
  /** A token pair kept from an earlier session. */
  tokens?: StoredTokens;
  /**
   * Keeps the tokens and shares them with other clients of the same login, e.g.
   * `browserTokenStorage()` for every tab of a browser (renewals coordinated between them).
   * Its saved pair is used when `tokens` is not given.
   */
  tokenStorage?: TokenStorage;
  /** Extra Socket.IO client options (e.g. `transports`). */
  socket?: SocketConfig;
  fetch?: typeof fetch;
}

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export type ClientEvents = {
  /** A new message, exactly once per room and in seq order, including after reconnects. */
  message: Message;
  messageUpdated: Message;
  messageDeleted: Message;
  /** Who is typing in a room now (others only). */
  typing: { room_id: string; user_ids: string[] };
  read: ReadEvent;
  unread: { room_id: string; unread_count: number };
  presence: PresenceEvent;
  /** A room was created with you in it (viewer-neutral: read it for your own fields). */
  roomCreated: Room;
  roomUpdated: Room;
  /** Deleted (`room_deleted`), or no longer readable: `left`, `removed`, `banned` (member:left's reason), or the refusal's code (made private). */
  roomGone: { room_id: string; code: string };
  memberJoined: MemberEvent;
  /** Someone left, was removed or was banned (`reason`). */
  memberLeft: MemberLeftEvent;
  memberUpdated: MemberEvent;
  /** Someone invited you to a room (every device of yours hears it). */
  invitationCreated: Invitation;
  /** An invitation you received, made, or (as a room owner or admin) manage was accepted, declined or withdrawn (`status`). */
  invitationUpdated: Invitation;
  /** A new report you may resolve (room owners and admins of its room, global admins): the moderator's view. */
  reportCreated: Report;
  /** Someone you share a room with (or you, on another device) changed their profile; viewer-neutral, no e-mail. */
  userUpdated: User;
  /** Someone reacted (`user_id`; your own from any device too) and the emoji's new count. */
  reactionAdded: ReactionEvent;
  reactionRemoved: ReactionEvent;
  /** You were mentioned (on every device, even in a muted room). */
  mention: { room_id: string; message: Message };
  /** A report you filed was resolved. */
  reportResolved: Report;
  /** The send queue: each message's sending -> sent / failed. */
  outgoing: OutgoingMessage;
  connection: { state: ConnectionState; caughtUp: boolean };
  /** My profile changed through `updateMe`. */
  user: User;
  /** New tokens (keep them to resume later); null when signed out or the login expired. */
  tokens: StoredTokens | null;
  /**
   * The login is over, and why: `signed_out` (here or in another tab of a shared storage), `session_expired`
   * (the refresh token was refused), `account_suspended` (an admin suspended the account: 403 from REST,
   * the renewal or the socket handshake). Follows the `tokens` event with null.
   */
  signedOut: { reason: string };
};
