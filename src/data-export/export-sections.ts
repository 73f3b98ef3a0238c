/**
 * What a user's export holds beyond the profile: one section per kind of data
 * Parley keeps about them, each read through a server-side cursor. A feature
 * that stores more about users adds its section here.
 */
export interface ExportSection {
  name: string;
  /** `$1` is the user's id. */
  sql: string;
}

export const EXPORT_SECTIONS: ExportSection[] = [
  {
    name: 'memberships',
    sql: `SELECT m.room_id, r.name AS room_name, r.room_type, m.role, m.joined_at, m.last_read_seq, m.notifications_muted, m.muted_until
            FROM room_members m JOIN rooms r ON r.id = m.room_id WHERE m.user_id = $1 ORDER BY m.joined_at, m.room_id`,
  },
  {
    name: 'messages',
    sql: `SELECT id, room_id, seq, type, content, meta, reply_to_id, client_message_id, created_at, edited_at, deleted_at
            FROM messages WHERE sender_id = $1 ORDER BY room_id, seq`,
  },
  {
    name: 'reports_filed',
    sql: `SELECT id, target_type, target_id, room_id, reason, details, status, action, created_at, resolved_at
            FROM reports WHERE reporter_id = $1 ORDER BY id`,
  },
  {
    name: 'blocks',
    sql: `SELECT blocked_id AS user_id, created_at FROM user_blocks WHERE blocker_id = $1 ORDER BY created_at`,
  },
  {
    name: 'sessions',
    sql: `SELECT id, user_agent, ip, created_at, revoked_at FROM user_sessions WHERE user_id = $1 ORDER BY created_at`,
  },
];
