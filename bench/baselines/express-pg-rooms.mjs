// Baseline: a raw Express + `pg` handler for `GET /rooms` (the caller's rooms, a page
// with counts, last message and unread) running the same SQL statements Parley runs,
// on the same database, with nothing else: no auth, no validation, no ORM. Plain
// `pool.query` (unnamed statements, planned on every call), as a bare handler is written;
// Parley runs the same text as named prepared statements (src/core/database/prepared-statements.ts).
import express from 'express';
import pg from 'pg';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const app = express();
app.get('/ready', (_req, res) => res.send('ok'));

const iso = (d) => (d ? d.toISOString() : null);

app.get('/rooms', async (req, res) => {
  const userId = req.query.user_id;
  const pageSize = Number(req.query.page_size ?? 20);
  const page = Number(req.query.page ?? 1);
  const scope = `FROM rooms r JOIN room_members m ON m.room_id = r.id AND m.user_id = $1 WHERE true`;
  const [{ rows: countRows }, { rows: idRows }] = await Promise.all([
    pool.query(`SELECT count(*)::int AS count ${scope}`, [userId]),
    pool.query(`SELECT r.id ${scope} ORDER BY coalesce(r.last_message_at, r.created_at) DESC, r.id DESC OFFSET $2 LIMIT $3`, [
      userId,
      (page - 1) * pageSize,
      pageSize,
    ]),
  ]);
  const ids = idRows.map((r) => r.id);
  const { rows: rooms } = await pool.query(
    `SELECT r.*, m.role AS my_role, m.notifications_muted
       FROM rooms r LEFT JOIN room_members m ON m.room_id = r.id AND m.user_id = $2
      WHERE r.id = ANY($1::uuid[])`,
    [ids, userId],
  );
  const lastIds = rooms.map((r) => r.last_message_id).filter(Boolean);
  const [unread, lastMessages] = await Promise.all([
    pool.query(
      `SELECT rm.room_id, count(m.id)::int AS unread
         FROM room_members rm
         JOIN messages m ON m.room_id = rm.room_id AND m.seq > rm.last_read_seq
        WHERE rm.user_id = $1 AND rm.room_id = ANY($2::uuid[])
          AND m.type = 'text' AND m.deleted_at IS NULL AND m.sender_id IS DISTINCT FROM $1
        GROUP BY rm.room_id`,
      [userId, ids],
    ),
    pool.query(
      `SELECT m.*, u.username, u.display_name, u.role AS sender_role
         FROM messages m LEFT JOIN users u ON u.id = m.sender_id WHERE m.id = ANY($1::uuid[])`,
      [lastIds],
    ),
  ]);
  const unreadOf = new Map(unread.rows.map((u) => [u.room_id, u.unread]));
  const lastOf = new Map(lastMessages.rows.map((m) => [m.id, m]));
  const byId = new Map(rooms.map((r) => [r.id, r]));
  const results = ids.map((id) => {
    const r = byId.get(id);
    const last = lastOf.get(r.last_message_id);
    return {
      id: r.id,
      name: r.name,
      slug: r.slug,
      description: r.description,
      room_type: r.room_type,
      visibility: r.visibility,
      meta: r.meta,
      is_active: r.is_active,
      max_participants: r.max_participants,
      created_by: r.created_by,
      created_at: iso(r.created_at),
      updated_at: iso(r.updated_at),
      last_message_at: iso(r.last_message_at),
      participant_count: r.participant_count,
      message_count: r.message_count,
      last_message: last
        ? {
            id: last.id,
            room_id: last.room_id,
            seq: Number(last.seq),
            type: last.type,
            sender: last.sender_id ? { id: last.sender_id, username: last.username, display_name: last.display_name } : null,
            content: last.content,
            meta: last.meta,
            created_at: iso(last.created_at),
          }
        : null,
      unread_count: unreadOf.get(id) ?? 0,
      my_role: r.my_role,
      notifications_muted: r.notifications_muted ?? false,
    };
  });
  res.json({ count: countRows[0].count, next: null, previous: null, results });
});

app.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => pool.end().finally(() => process.exit(0)));
