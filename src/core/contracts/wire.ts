/**
 * Parley's wire shapes as plain types, with no imports: the server's response
 * classes must stay assignable to them (the typed gateway checks every emit and
 * ack), and the SDK and the web app import them. A renamed field breaks both builds.
 */

export interface WireUser {
  id: string;
  username: string;
  email?: string;
  display_name: string;
  first_name: string;
  last_name: string;
  user_type: 'consumer' | 'support';
  role: 'user' | 'admin';
  online: boolean;
  last_seen_at: string | null;
  created_at: string;
}

export interface WireMessage {
  id: string;
  room_id: string;
  /** Per room, gapless, strictly increasing in commit order. */
  seq: number;
  type: 'text' | 'system';
  sender: WireUser | null;
  content: string;
  meta: Record<string, unknown>;
  reply_to_id: string | null;
  client_message_id: string | null;
  created_at: string;
  edited_at: string | null;
  deleted: boolean;
  /** Members named with `@username`, resolved when sent. */
  mentions?: { id: string; username: string }[];
  /** Threads: set on a reply (its root); counters on a root. */
  thread_root_id?: string | null;
  also_in_room?: boolean;
  reply_count?: number;
  last_reply_at?: string | null;
  thread_participants?: string[];
  pinned_at?: string | null;
  pinned_by?: string | null;
  /** Per emoji, in order of first use; `me` is always false in broadcasts. */
  reactions?: { emoji: string; count: number; me: boolean }[];
  /** Files sent with the message (docs/attachments.md). */
  attachments?: WireAttachment[];
}

export interface WireAttachment {
  id: string;
  name: string;
  content_type: string;
  size: number;
  width: number | null;
  height: number | null;
  thumbnail_url: string | null;
  url: string;
  created_at: string;
}

export interface WireReactionEvent {
  room_id: string;
  message_id: string;
  emoji: string;
  user_id: string;
  count: number;
}

export type WireRole = 'owner' | 'admin' | 'member';

export interface WireRoom {
  id: string;
  name: string | null;
  slug: string | null;
  description: string;
  room_type: string;
  visibility: string;
  meta: Record<string, unknown>;
  is_active: boolean;
  max_participants: number | null;
  created_by: string | null;
  created_at: string;
  updated_at: string;
  last_message_at: string | null;
  participant_count: number;
  message_count: number;
  last_message: WireMessage | null;
  unread_count: number;
  my_role: WireRole | null;
  notifications_muted: boolean;
  /** Who may post: everyone, or owners and admins only (announcement rooms). */
  posting: 'everyone' | 'admins';
  slow_mode_seconds: number;
  is_archived: boolean;
  archived_at: string | null;
  retention_days: number | null;
  /** The oldest seq still kept (retention removes older ones); last_seq + 1 when none is kept. */
  oldest_seq: number;
  last_seq: number;
}

export interface WireMember {
  user: WireUser;
  role: WireRole;
  joined_at: string;
  last_read_seq: number;
  notifications_muted: boolean;
  online: boolean;
}

export interface WireReadResult {
  last_read_seq: number;
  unread_count: number;
}

/** A sync answer per room: up to 100 messages after the client's seq, or why the room could not be read. */
export type WireSyncedRoom = { messages: WireMessage[]; has_more: boolean } | { error: { code: string; detail: string } };

/** An invitation to a room: what the invitee may see of the room before accepting (no messages, description or meta). */
export interface WireInvitation {
  id: string;
  room_id: string;
  room: { id: string; name: string | null; room_type: string; visibility: string; participant_count: number; created_at: string };
  invited_by: WireUser;
  invitee: WireUser;
  status: string;
  created_at: string;
}

/** A report of a message or a user, as its reporter sees it once resolved. */
export interface WireReport {
  id: string;
  target_type: string;
  target_id: string;
  target_user_id: string | null;
  room_id: string | null;
  target_content?: string;
  reason: string;
  details: string;
  reporter_id?: string | null;
  status: string;
  action: string | null;
  resolved_at: string | null;
  resolution_note?: string;
  created_at: string;
}
