/**
 * Parley's wire shapes as plain types, with no imports: the server's response
 * classes must stay assignable to them (the typed gateway checks every emit and
 * ack), and the SDK and the web app import them. A renamed field breaks both builds.
 */

/** @format uuid */
export type Uuid = string;

/** @format date-time */
export type Timestamp = string;

/**
 * A message's number in its room: per room, gapless, strictly increasing in commit order.
 *
 * @asType integer
 * @minimum 0
 */
export type Seq = number;

/**
 * @asType integer
 * @minimum 0
 */
export type Count = number;

export interface WireUser {
  id: Uuid;
  username: string;
  email?: string;
  display_name: string;
  first_name: string;
  last_name: string;
  user_type: 'consumer' | 'support';
  role: 'user' | 'admin';
  online: boolean;
  last_seen_at: Timestamp | null;
  created_at: Timestamp;
}

/** The REST Message resource. */
export interface WireMessage {
  id: Uuid;
  room_id: Uuid;
  /** Per room, gapless, strictly increasing in commit order. */
  seq: Seq;
  type: 'text' | 'system';
  sender: WireUser | null;
  content: string;
  meta: Record<string, unknown>;
  reply_to_id: Uuid | null;
  client_message_id: string | null;
  created_at: Timestamp;
  edited_at: Timestamp | null;
  deleted: boolean;
  /** Members named with `@username`, resolved when sent. */
  mentions?: { id: Uuid; username: string }[];
  /** Threads: set on a reply (its root); counters on a root. */
  thread_root_id?: Uuid | null;
  also_in_room?: boolean;
  reply_count?: Count;
  last_reply_at?: Timestamp | null;
  thread_participants?: Uuid[];
  pinned_at?: Timestamp | null;
  pinned_by?: Uuid | null;
  /** Per emoji, in order of first use; `me` is always false in broadcasts. */
  reactions?: { emoji: string; count: Count; me: boolean }[];
  /** Files sent with the message, in the order given; empty when deleted (docs/attachments.md). */
  attachments?: WireAttachment[];
  /**
   * Who sees it: `visible` (every reader of the room); `held` (awaiting review: its sender and the room's moderators
   * until approved); `shadow` (sent under a shadow suspension: told to moderators only, its sender sees `visible`).
   */
  visibility?: WireVisibility;
}

/** Who sees a message (docs/compliance.md). */
export type WireVisibility = 'visible' | 'held' | 'shadow';

/** The REST Upload resource. Download links are Parley routes, relative to the server, checked on every request. */
export interface WireAttachment {
  id: Uuid;
  /** Sanitised file name. */
  name: string;
  /** Sniffed from the bytes. */
  content_type: string;
  size: Count;
  width: Count | null;
  height: Count | null;
  /** `GET /api/v1/uploads/{id}/thumbnail` (images only). */
  thumbnail_url: string | null;
  /** `GET /api/v1/uploads/{id}/content`. */
  url: string;
  created_at: Timestamp;
}

export interface WireReactionEvent {
  room_id: Uuid;
  message_id: Uuid;
  /** @maxLength 64 */
  emoji: string;
  user_id: Uuid;
  /** The emoji's count on the message now (0 once the last one is removed). */
  count: Count;
}

export type WireRole = 'owner' | 'admin' | 'member';

/** The REST Room resource. */
export interface WireRoom {
  id: Uuid;
  name: string | null;
  slug: string | null;
  description: string;
  /** `ONE_TO_ONE`, `GROUP`, `COURSE` or `SUPPORT`. */
  room_type: string;
  /** `public` or `private`. */
  visibility: string;
  meta: Record<string, unknown>;
  is_active: boolean;
  max_participants: Count | null;
  created_by: Uuid | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_message_at: Timestamp | null;
  participant_count: Count;
  message_count: Count;
  last_message: WireMessage | null;
  unread_count: Count;
  /** Messages past the viewer's read position that mention them (by name or `@room`). */
  unread_mentions: Count;
  my_role: WireRole | null;
  notifications_muted: boolean;
  /** Who may post: everyone, or owners and admins only (announcement rooms). */
  posting: 'everyone' | 'admins';
  slow_mode_seconds: Count;
  is_archived: boolean;
  archived_at: Timestamp | null;
  retention_days: Count | null;
  /** The oldest seq still kept (retention removes older ones); last_seq + 1 when none is kept. */
  oldest_seq: Seq;
  last_seq: Seq;
}

/** The REST Member resource. */
export interface WireMember {
  user: WireUser;
  role: WireRole;
  joined_at: Timestamp;
  last_read_seq: Seq;
  /** The member's own notification mute for the room: private, so `false` for anyone but that member. */
  notifications_muted: boolean;
  /** Set by owners and admins: the member may not post until then (null: not muted). */
  muted_until: Timestamp | null;
  online: boolean;
}

export interface WireReadResult {
  last_read_seq: Seq;
  unread_count: Count;
}

/** A page-number page (rooms, members, users, invitations): DRF's PageNumberPagination body. */
export interface WirePage<T> {
  count: Count;
  next: string | null;
  previous: string | null;
  total_pages: Count;
  current_page: Count;
  page_size: Count;
  results: T[];
}

/** A history page: `results` ascending by seq; `next` is older (`before=`), `previous` newer (`after=`). */
export interface WireMessagePage {
  next: string | null;
  previous: string | null;
  results: WireMessage[];
}

/**
 * What opening a room shows (`GET /rooms/{id}/open`): each part as its own route answers it
 * (`GET /rooms/{id}`, `GET /rooms/{id}/messages`, `GET /rooms/{id}/members`, their links included),
 * and the caller's read position (null for a reader who is not a member).
 */
export interface WireRoomOpen {
  room: WireRoom;
  messages: WireMessagePage;
  members: WirePage<WireMember>;
  read: WireReadResult | null;
}

/** A sync answer per room: up to 100 messages after the client's seq, or why the room could not be read. */
export type WireSyncedRoom = { messages: WireMessage[]; has_more: boolean } | { error: { code: string; detail: string } };

/** An invitation to a room: what the invitee may see of the room before accepting (no messages, description or meta). */
export interface WireInvitation {
  id: Uuid;
  room_id: Uuid;
  room: { id: Uuid; name: string | null; room_type: string; visibility: string; participant_count: Count; created_at: Timestamp };
  /** Without e-mail address. */
  invited_by: WireUser;
  /** Without e-mail address. */
  invitee: WireUser;
  /** `pending` when sent; then `accepted`, `declined` or `withdrawn`. */
  status: string;
  created_at: Timestamp;
}

/** A report of a message or a user: as its reporter sees it once resolved (`report:resolved`), or as its moderators see it (`report:created`, with `reporter_id` and `target_content`). */
export interface WireReport {
  id: Uuid;
  /** `message` or `user`. */
  target_type: string;
  target_id: Uuid;
  target_user_id: Uuid | null;
  room_id: Uuid | null;
  target_content?: string;
  /** Which version of the message `target_content` is: 0 as sent, n after n edits (`GET .../revisions`); null for a user report. Moderators only. */
  target_version?: number | null;
  reason: string;
  details: string;
  reporter_id?: Uuid | null;
  /** `open` or `resolved`. */
  status: string;
  /** Once resolved: `dismiss`, `delete_message`, `mute`, `kick` or `ban`. */
  action: string | null;
  resolved_at: Timestamp | null;
  resolution_note?: string;
  created_at: Timestamp;
}
