// Baseline: the keyset history query alone, straight on `pg` (no HTTP, no auth, no
// mapping): the floor under Parley's `GET /rooms/{id}/messages?before=`. The load
// generator imports it and runs it open-loop; it is the SQL Parley sends, senders joined.
import pg from 'pg';

export const HISTORY_SQL = `
  SELECT m.*, s.username, s.display_name, s.role AS sender_role, s.user_type AS sender_user_type
    FROM messages m LEFT JOIN users s ON s.id = m.sender_id
   WHERE m.room_id = $1 AND m.seq < $2
   ORDER BY m.seq DESC
   LIMIT $3`;

export const openPool = (databaseUrl) => new pg.Pool({ connectionString: databaseUrl, max: 8 });

export async function historyPage(pool, roomId, before, limit = 50) {
  const { rows } = await pool.query(HISTORY_SQL, [roomId, before ?? Number.MAX_SAFE_INTEGER, limit]);
  return rows.reverse();
}
