/**
 * What a user's export holds beyond the profile: one section per kind of data
 * Parley keeps about them, each read through a server-side cursor. Each
 * section names the user columns (`table.column`) it reads rows by; with
 * EXPORT_LEFT_OUT, they must account for every foreign key to `users`
 * (test/data-export.e2e-spec.ts asks PostgreSQL and names any that is missing).
 * New sections go last, so existing ones keep their place in the document.
 */
export interface ExportSection {
  name: string;
  /** The user columns whose rows this section exports, as `table.column`. */
  covers: readonly string[];
  /** `$1` is the user's id. */
  sql: string;
}

export const EXPORT_SECTIONS: readonly ExportSection[] = [
  {
    name: 'memberships',
    covers: ['room_members.user_id'],
    sql: `SELECT m.room_id, r.name AS room_name, r.room_type, m.role, m.joined_at, m.last_read_seq, m.notifications_muted, m.muted_until
            FROM room_members m JOIN rooms r ON r.id = m.room_id WHERE m.user_id = $1 ORDER BY m.joined_at, m.room_id`,
  },
  {
    name: 'messages',
    covers: ['messages.sender_id'],
    sql: `SELECT id, room_id, seq, type, content, meta, reply_to_id, client_message_id, created_at, edited_at, deleted_at, visibility
            FROM messages WHERE sender_id = $1 ORDER BY room_id, seq`,
  },
  {
    name: 'reports_filed',
    covers: ['reports.reporter_id'],
    sql: `SELECT id, target_type, target_id, room_id, reason, details, status, action, created_at, resolved_at
            FROM reports WHERE reporter_id = $1 ORDER BY id`,
  },
  {
    name: 'blocks',
    covers: ['user_blocks.blocker_id'],
    sql: `SELECT blocked_id AS user_id, created_at FROM user_blocks WHERE blocker_id = $1 ORDER BY created_at`,
  },
  {
    name: 'sessions',
    covers: ['user_sessions.user_id'],
    sql: `SELECT id, user_agent, ip, created_at, revoked_at FROM user_sessions WHERE user_id = $1 ORDER BY created_at`,
  },
  {
    name: 'reactions',
    covers: ['message_reactions.user_id'],
    sql: `SELECT x.message_id, m.room_id, x.emoji, x.created_at
            FROM message_reactions x JOIN messages m ON m.id = x.message_id WHERE x.user_id = $1 ORDER BY x.created_at, x.message_id, x.emoji`,
  },
  {
    // Metadata only: the files themselves download from /uploads/{id}/content. size is a number, as in the uploads API.
    name: 'uploads',
    covers: ['uploads.uploader_id'],
    sql: `SELECT id, name, content_type, size::float8 AS size, width, height, message_id, created_at, attached_at
            FROM uploads WHERE uploader_id = $1 ORDER BY created_at, id`,
  },
  {
    name: 'mentions',
    covers: ['message_mentions.user_id'],
    sql: `SELECT message_id, room_id, seq, created_at FROM message_mentions WHERE user_id = $1 ORDER BY created_at, message_id`,
  },
  {
    // pinned_at IS NOT NULL lets the partial index ix_messages_pinned serve the scan.
    name: 'pins',
    covers: ['messages.pinned_by'],
    sql: `SELECT id AS message_id, room_id, seq, pinned_at FROM messages
            WHERE pinned_at IS NOT NULL AND pinned_by = $1 ORDER BY pinned_at, id`,
  },
  {
    name: 'invitations',
    covers: ['invitations.invited_by', 'invitations.invitee_id'],
    sql: `SELECT id, room_id, invited_by, invitee_id, status, created_at, responded_at
            FROM invitations WHERE invitee_id = $1 OR invited_by = $1 ORDER BY created_at, id`,
  },
  {
    name: 'room_bans',
    covers: ['room_bans.user_id'],
    sql: `SELECT room_id, created_at FROM room_bans WHERE user_id = $1 ORDER BY created_at, room_id`,
  },
  {
    name: 'rooms_created',
    covers: ['rooms.created_by'],
    sql: `SELECT id, name, room_type, created_at FROM rooms WHERE created_by = $1 ORDER BY created_at, id`,
  },
  {
    name: 'api_keys_created',
    covers: ['api_keys.created_by'],
    sql: `SELECT id, name, prefix, scopes, created_at, last_used_at, revoked_at FROM api_keys WHERE created_by = $1 ORDER BY created_at, id`,
  },
  {
    name: 'external_identities',
    covers: ['external_identities.user_id'],
    sql: `SELECT id, issuer, subject, created_at, updated_at FROM external_identities WHERE user_id = $1 ORDER BY created_at, id`,
  },
  {
    // The account as the organization's provisioning client (SCIM) knows it.
    name: 'scim_user',
    covers: ['scim_users.user_id'],
    sql: `SELECT user_name, external_id, created_at, updated_at FROM scim_users WHERE user_id = $1`,
  },
  {
    // Push keys and tokens are left out: they are secrets of the device, not data about the user.
    name: 'notification_devices',
    covers: ['notification_devices.user_id'],
    sql: `SELECT id, kind AS platform, endpoint, app_id, created_at, updated_at FROM notification_devices WHERE user_id = $1 ORDER BY created_at, id`,
  },
  {
    name: 'notification_settings',
    covers: ['notification_settings.user_id'],
    sql: `SELECT level, email, snooze_until, quiet_start, quiet_end, time_zone, updated_at FROM notification_settings WHERE user_id = $1`,
  },
  {
    name: 'notification_room_settings',
    covers: ['notification_room_settings.user_id'],
    sql: `SELECT room_id, level FROM notification_room_settings WHERE user_id = $1 ORDER BY room_id`,
  },
  {
    name: 'notifications',
    covers: ['notifications.user_id'],
    sql: `SELECT id, channel, room_id, items AS message_ids, state, attempts, created_at, sent_at FROM notifications WHERE user_id = $1 ORDER BY created_at, id`,
  },
  {
    // The earlier versions of their messages (what edits replaced, what deletions blanked): no user column of its own.
    name: 'message_revisions',
    covers: [],
    sql: `SELECT r.message_id, m.room_id, r.version, r.content, r.meta, r.written_at, r.replaced_at, r.replaced_by
            FROM message_revisions r JOIN messages m ON m.id = r.message_id WHERE m.sender_id = $1 ORDER BY r.message_id, r.version`,
  },
  {
    name: 'suspensions',
    covers: ['user_suspensions.user_id'],
    sql: `SELECT reason, suspended_until, created_at FROM user_suspensions WHERE user_id = $1`,
  },
];
