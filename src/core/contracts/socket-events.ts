import type {
  Count,
  Seq,
  Timestamp,
  Uuid,
  WireMember,
  WireMessage,
  WireReadResult,
  WireReport,
  WireRoom,
  WireInvitation,
  WireSyncedRoom,
  WireReactionEvent,
  WireUser,
} from './wire.js';

// The Socket.IO contract of namespace /chat, shared by the gateway (its server is typed with these maps) and the
// SDK (its socket is typed with them). docs/asyncapi.yaml is generated from it (`npm run asyncapi:generate`,
// scripts/asyncapi.ts): the JSDoc below becomes the document's descriptions, so write it for API readers.

export interface AckError {
  /** REST's error codes; `validation_error` carries `fields`, `throttled`, `slow_mode` and `service_unavailable` carry `retry_after_ms`. */
  code: string;
  detail: string;
  /** With `validation_error`: `{field: [message]}`; a wrong packet names `non_field_errors`. */
  fields?: Record<string, string[]>;
  /** With `throttled`, `slow_mode` and `service_unavailable`: when to try again. */
  retry_after_ms?: Count;
  /** With `content_blocked`: the content rule that refused the message (null: the pre-send hook). */
  rule_id?: string | null;
}

/** How every client event's ack says no. */
export interface AckRefusal {
  ok: false;
  error: AckError;
}

/** Every client event is acknowledged with this envelope. */
export type Ack<T> = { ok: true; data: T } | AckRefusal;

/** `message:send`'s payload: `content` is required unless `attachments` are sent; with them it may be empty or left out. */
export interface SendPayload {
  room_id: Uuid;
  /**
   * Trimmed; at most 4000 code points and 16,000 bytes of UTF-8; must hold something visible (not only white space or zero-width characters).
   *
   * @maxLength 4000
   */
  content?: string;
  /**
   * Makes the send idempotent per sender: a repeat acks the first message and writes nothing.
   *
   * @minLength 1
   * @maxLength 64
   */
  client_message_id?: string;
  reply_to_id?: Uuid;
  /** Reply in this message's thread: a live top-level message of the same room. */
  thread_root_id?: Uuid;
  /** With `thread_root_id`: show the reply in the room's main history too. */
  also_in_room?: boolean;
  /** At most 4 KB as JSON. */
  meta?: Record<string, unknown>;
  /**
   * Ids of your own uploads not attached yet (POST /api/v1/uploads). Someone else's or an attached one fails the send
   * with `attachment_unavailable`; an unknown id with `invalid`.
   *
   * @maxItems 10
   * @uniqueItems true
   */
  attachments?: Uuid[];
}

export interface EditPayload {
  room_id: Uuid;
  message_id: Uuid;
  /**
   * As in `message:send`, and required.
   *
   * @minLength 1
   * @maxLength 4000
   */
  content: string;
}

export interface SyncPayload {
  /**
   * Room ids, each mapped to the last seq the client holds.
   *
   * @maxProperties 200
   */
  rooms: Record<Uuid, Seq>;
}

/**
 * Client -> server events: payload and what the ack carries (`data` of `{ok: true, data}`; a refusal is
 * `{ok: false, error}`). Each entry's JSDoc is its summary in the AsyncAPI document.
 */
export interface ClientEventMap {
  /** Subscribe to a room's events (members; anyone may watch a public room). Ack data is the Room as the caller sees it. */
  'room:join': { payload: { room_id: Uuid }; ack: WireRoom };
  /** Unsubscribe this socket; membership is unchanged. Ack data is null. */
  'room:leave': { payload: { room_id: Uuid }; ack: null };
  /**
   * Send (members). Ack data is the stored Message with its seq; a repeated `client_message_id` acks the first. A message
   * a hold rule or the pre-send hook holds for review acks with `visibility: 'held'`: show it as awaiting review.
   */
  'message:send': { payload: SendPayload; ack: WireMessage };
  /** Edit your own message. Ack data is the Message. */
  'message:edit': { payload: EditPayload; ack: WireMessage };
  /** Delete (the sender, the room's owner or admins, a global admin). Ack data is null. */
  'message:delete': { payload: { room_id: Uuid; message_id: Uuid }; ack: null };
  /** Typing state (members). Ack data is null; past SOCKET_TYPING_LIMIT (60 per 10 s) the ack is `throttled` with `retry_after_ms`. */
  typing: { payload: { room_id: Uuid; is_typing: boolean }; ack: null };
  /**
   * Mark read up to `seq` (default: the room's latest message). Past SOCKET_READ_LIMIT (60 per 10 s, shared with REST
   * POST /read) the ack is `throttled`.
   */
  read: { payload: { room_id: Uuid; seq?: Seq }; ack: WireReadResult };
  /**
   * What was missed per room, thread replies included: at most 100 messages a room and `has_more` (page on with REST
   * `after=` and `thread_replies=true`), or the room's `error`. Past SOCKET_SYNC_LIMIT (20 a minute) the ack is `throttled`.
   */
  sync: { payload: SyncPayload; ack: { rooms: Record<Uuid, WireSyncedRoom> } };
}

export type ClientEventName = keyof ClientEventMap;

/** Socket.IO's `ClientToServerEvents` shape, derived from the map. */
export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientEventMap[E]['payload'], ack: (response: Ack<ClientEventMap[E]['ack']>) => void) => void;
};

export interface TypingEvent {
  room_id: Uuid;
  user_id: Uuid;
  is_typing: boolean;
}

export interface ReadEvent {
  room_id: Uuid;
  user_id: Uuid;
  last_read_seq: Seq;
}

export interface PresenceEvent {
  user_id: Uuid;
  status: 'online' | 'offline';
  last_seen_at: Timestamp | null;
}

export interface MemberEvent {
  room_id: Uuid;
  member: WireMember;
}

/** Why a member is no longer in a room. */
export type MemberLeftReason = 'left' | 'removed' | 'banned';

export interface MemberLeftEvent extends MemberEvent {
  /** `left`: they left themselves; `removed`: an owner or admin (or the platform through the server API) removed them; `banned`: removed and banned. */
  reason: MemberLeftReason;
}

/**
 * Server -> client events and their payloads. Each entry's JSDoc is its summary in the AsyncAPI document, and its
 * `@channel` says who receives it: `room` (the sockets in the room's channel: its members' sockets, on every device,
 * and permitted watchers of a public room), `user` (the user's own channel: all their sockets), `socket` (each socket
 * by itself); several are separated by spaces.
 */
export interface ServerEventMap {
  /**
   * A new message; a thread reply carries `thread_root_id` (its root then arrives as `message:updated` with new counters).
   * A held or shadowed message (`visibility`, docs/compliance.md) goes only to its sender's own channel and to the
   * room's owners and admins and the global admins (their own channels), never to the room. Approving a held message
   * sends it to the room as `message:new` with its new seq (the room's next): its sender and the moderators, who had
   * it at its old seq, replace it by id.
   *
   * @channel room user
   */
  'message:new': WireMessage;
  /**
   * An edit, a thread root's new `reply_count` / `last_reply_at` / `thread_participants`, or a pin change (`pinned_at`, `pinned_by`).
   * For a held or shadowed message, only to its sender and the moderators (as `message:new`).
   *
   * @channel room user
   */
  'message:updated': WireMessage;
  /**
   * A message was deleted (`deleted` true); a rejected held message too, only to its sender and the moderators.
   *
   * @channel room user
   */
  'message:deleted': WireMessage;
  /**
   * Coalesced to one `is_typing: true` per user and room per second; ends by itself after 6 s.
   *
   * @channel room
   */
  typing: TypingEvent;
  /**
   * A member's read position moved.
   *
   * @channel room
   */
  read: ReadEvent;
  /**
   * A user's first socket connected or last one closed; sent to the user's rooms of at most PRESENCE_MAX_ROOM_SIZE members
   * (default 200). Bigger rooms read GET /rooms/{id}/online.
   *
   * @channel room
   */
  presence: PresenceEvent;
  /**
   * A room was created with you in it (its creator and every participant, on every device): your sockets
   * are already in its channel. Viewer-neutral like `room:updated` (my_role null, unread 0): read
   * `GET /rooms/{id}` for your own fields. The body of the `room.created` webhook.
   *
   * @channel user
   */
  'room:created': WireRoom;
  /**
   * Viewer-neutral Room (`my_role` null, `unread_count` 0): keep your own fields. A room made private first drops the
   * watchers who may no longer read it.
   *
   * @channel room
   */
  'room:updated': WireRoom;
  /**
   * The room is gone; its sockets leave its channel. Also to each member's own channel.
   *
   * @channel room user
   */
  'room:deleted': {
    room_id: Uuid;
    /** The room's id in the platform that made it through the server API; null for other rooms (as webhooks carry it). */
    external_id: string | null;
  };
  /**
   * A user changed their profile (display, first or last name): to every room they are in (its members and permitted
   * watchers) and to their own devices. Viewer-neutral (no e-mail address); `online` as now.
   *
   * @channel room user
   */
  'user:updated': WireUser;
  /**
   * A member joined or was added; their sockets, on every device, join the room's channel first.
   *
   * @channel room
   */
  'member:joined': MemberEvent;
  /**
   * A member left, was removed or was banned (`reason`). Also sent to the member's own channel; their sockets then leave the room.
   *
   * @channel room user
   */
  'member:left': MemberLeftEvent;
  /**
   * Role changes and timed mutes (`member.muted_until`), to the room. A member's own notification mute
   * (`PATCH /rooms/{id}/members/me`) is private: it goes only to that member's own devices.
   *
   * @channel room user
   */
  'member:updated': MemberEvent;
  /**
   * To the invitee's own channel (every device), once an owner or admin invites them: the Invitation as GET /invitations
   * shows it, without e-mail addresses (the body of the `invitation.created` webhook).
   *
   * @channel user
   */
  'invitation:created': WireInvitation;
  /**
   * An invitation was accepted, declined or withdrawn (`status`): to its invitee and its inviter (their own channels,
   * every device) and to the room's owners and admins, who keep the room's pending invitations. Without e-mail addresses.
   *
   * @channel user
   */
  'invitation:updated': WireInvitation;
  /**
   * A new report, to those who may resolve it (their own channels, every device): for a message report the room's
   * owners and admins and the global admins; for a user report the global admins. The moderator's view of the Report
   * (as GET /reports/{id} shows it), never to the reporter.
   *
   * @channel user
   */
  'report:created': WireReport;
  /**
   * To the reporters of a resolved report (their own channel, every device): the reporter's view of the Report.
   *
   * @channel user
   */
  'report:resolved': WireReport;
  /**
   * To the mentioned user's own channel (every device), even when they muted the room; never to the sender.
   *
   * @channel user
   */
  mention: { room_id: Uuid; message: WireMessage };
  /**
   * After a reaction is added (not on an idempotent repeat); `count` is the emoji's count now.
   *
   * @channel room
   */
  'reaction:added': WireReactionEvent;
  /**
   * After a reaction is removed; `count` is the emoji's count now (0 when gone).
   *
   * @channel room
   */
  'reaction:removed': WireReactionEvent;
  /**
   * After a Redis outage (multi-node mode), per room of the socket, the last seq PostgreSQL holds. Live events of those
   * rooms may have been missed: for each room where the highest seq the client holds without a gap is below the one
   * given, send `sync` from that seq and page on with REST `after=` while `has_more`; dedupe by seq. May arrive more than
   * once; idempotent. See docs/faults.md. Each socket gets its own rooms; a room whose live events this node missed
   * also gets one for itself.
   *
   * @channel socket room
   */
  'sync:required': { rooms: Record<Uuid, Seq> };
}

export type ServerEventName = keyof ServerEventMap;

/** Socket.IO's `ServerToClientEvents` shape, derived from the map. */
export type ServerToClientEvents = { [E in ServerEventName]: (payload: ServerEventMap[E]) => void };
