import type { WireMember, WireMessage, WireReadResult, WireReport, WireRoom, WireInvitation, WireSyncedRoom, WireReactionEvent } from './wire.js';

/**
 * The Socket.IO contract of namespace /chat, shared by the gateway (its server
 * is typed with these maps) and the SDK (its socket is typed with them).
 */

export interface AckError {
  code: string;
  detail: string;
  fields?: Record<string, string[]>;
  retry_after_ms?: number;
}

/** Every client event is acknowledged with this envelope. */
export type Ack<T> = { ok: true; data: T } | { ok: false; error: AckError };

/** Client -> server events: payload and what the ack carries. */
export interface ClientEventMap {
  'room:join': { payload: { room_id: string }; ack: WireRoom };
  'room:leave': { payload: { room_id: string }; ack: null };
  'message:send': {
    payload: { room_id: string; content: string; client_message_id?: string; reply_to_id?: string; meta?: Record<string, unknown> };
    ack: WireMessage;
  };
  'message:edit': { payload: { room_id: string; message_id: string; content: string }; ack: WireMessage };
  'message:delete': { payload: { room_id: string; message_id: string }; ack: null };
  typing: { payload: { room_id: string; is_typing: boolean }; ack: null };
  read: { payload: { room_id: string; seq?: number }; ack: WireReadResult };
  /** `rooms`: the last seq the client holds per room (up to 200 rooms). */
  sync: { payload: { rooms: Record<string, number> }; ack: { rooms: Record<string, WireSyncedRoom> } };
}

export type ClientEventName = keyof ClientEventMap;

/** Socket.IO's `ClientToServerEvents` shape, derived from the map. */
export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientEventMap[E]['payload'], ack: (response: Ack<ClientEventMap[E]['ack']>) => void) => void;
};

export interface TypingEvent {
  room_id: string;
  user_id: string;
  is_typing: boolean;
}

export interface ReadEvent {
  room_id: string;
  user_id: string;
  last_read_seq: number;
}

export interface PresenceEvent {
  user_id: string;
  status: 'online' | 'offline';
  last_seen_at: string | null;
}

export interface MemberEvent {
  room_id: string;
  member: WireMember;
}

/** Server -> client events and their payloads. */
export interface ServerEventMap {
  'message:new': WireMessage;
  'message:updated': WireMessage;
  'message:deleted': WireMessage;
  typing: TypingEvent;
  read: ReadEvent;
  presence: PresenceEvent;
  /** Viewer-neutral (my_role null, unread_count 0): keep your own fields. */
  'room:updated': WireRoom;
  /** `external_id`: the room's id in the platform that made it through the server API (null otherwise), as webhooks carry it. */
  'room:deleted': { room_id: string; external_id: string | null };
  'member:joined': MemberEvent;
  'member:left': MemberEvent;
  'member:updated': MemberEvent;
  /** To the invitee's own channel (every device), once an owner or admin invites them: the invitation as GET /invitations shows it (no e-mail addresses). */
  'invitation:created': WireInvitation;
  /** To the reporters of a report, on every device, once it is resolved. */
  'report:resolved': WireReport;
  /** To a mentioned user's own channel (every device), even when the room is muted. */
  mention: { room_id: string; message: WireMessage };
  'reaction:added': WireReactionEvent;
  'reaction:removed': WireReactionEvent;
  /** After a Redis outage: per room, the last seq PostgreSQL holds; sync from your last seq (docs/faults.md). */
  'sync:required': { rooms: Record<string, number> };
}

export type ServerEventName = keyof ServerEventMap;

/** Socket.IO's `ServerToClientEvents` shape, derived from the map. */
export type ServerToClientEvents = { [E in ServerEventName]: (payload: ServerEventMap[E]) => void };
