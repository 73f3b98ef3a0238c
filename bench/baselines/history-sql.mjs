// Baseline: the keyset history query alone, straight on `pg` (no HTTP, no auth, no
// mapping): the floor under Parley's `GET /rooms/{id}/messages?before=`. The load
// generator imports it and runs it open-loop; it is the SQL Parley sends, senders joined.
import pg from 'pg';

export const HISTORY_SQL = `
  SELECT m.id, m.room_id, m.seq, m.type, m.sender_id, m.content, m.meta, m.reply_to_id, m.client_message_id,
         m.created_at, m.edited_at, m.deleted_at,
         u.username AS u_username, u.email AS u_email, u.display_name AS u_display_name, u.first_name AS u_first_name,
         u.last_name AS u_last_name, u.user_type AS u_user_type, u.role AS u_role, u.last_seen_at AS u_last_seen_at,
         u.created_at AS u_created_at, u.updated_at AS u_updated_at
    FROM messages m LEFT JOIN users u ON u.id = m.sender_id
   WHERE m.room_id = $1 AND m.seq < $2 AND m.seq > 0
   ORDER BY m.seq DESC
   LIMIT $3`;

export const openPool = (databaseUrl) => new pg.Pool({ connectionString: databaseUrl, max: 8 });

export async function historyPage(pool, roomId, before, limit = 50) {
  const { rows } = await pool.query(HISTORY_SQL, [roomId, before ?? Number.MAX_SAFE_INTEGER, limit]);
  return rows.reverse();
}
