// Baseline: raw Socket.IO plus `pg`, persisting every message before it is acked.
// Sends are micro-batched: while one batch commits, the next accumulates; a batch is
// one transaction that bumps each room's seq once (rows locked in id order) and
// inserts all its messages in one statement. Then the messages go out and the acks
// return. The persisted ceiling for the send scenario. Messages go out in Parley's
// wire shape (wire.mjs).
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import pg from 'pg';
import { Server } from 'socket.io';
import { wireMessage } from './wire.mjs';

const MAX_BATCH = 500;
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
await pool.query(`
  CREATE TABLE IF NOT EXISTS rooms (id uuid PRIMARY KEY, last_seq bigint NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS messages (
    id uuid PRIMARY KEY, room_id uuid NOT NULL REFERENCES rooms (id), seq bigint NOT NULL,
    sender_id uuid NOT NULL, content text NOT NULL, created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (room_id, seq))`);

const httpServer = http.createServer((req, res) => {
  res.statusCode = req.url === '/ready' ? 200 : 404;
  res.end();
});
const chat = new Server(httpServer, { maxHttpBufferSize: 64 * 1024 }).of('/chat');

let queue = [];
let flushing = false;

async function flush() {
  if (flushing || queue.length === 0) return;
  flushing = true;
  const batch = queue.slice(0, MAX_BATCH);
  queue = queue.slice(batch.length);
  const counts = new Map();
  for (const item of batch) counts.set(item.roomId, (counts.get(item.roomId) ?? 0) + 1);
  const roomIds = [...counts.keys()].sort();
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const { rows } = await client.query(
      `INSERT INTO rooms (id, last_seq) SELECT * FROM unnest($1::uuid[], $2::bigint[])
       ON CONFLICT (id) DO UPDATE SET last_seq = rooms.last_seq + EXCLUDED.last_seq RETURNING id, last_seq`,
      [roomIds, roomIds.map((id) => counts.get(id))],
    );
    const next = new Map(rows.map((r) => [r.id, Number(r.last_seq) - counts.get(r.id) + 1]));
    for (const item of batch) {
      item.seq = next.get(item.roomId);
      next.set(item.roomId, item.seq + 1);
    }
    const inserted = await client.query(
      `INSERT INTO messages (id, room_id, seq, sender_id, content)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::uuid[], $5::text[]) RETURNING created_at`,
      [batch.map((m) => m.id), batch.map((m) => m.roomId), batch.map((m) => m.seq), batch.map((m) => m.senderId), batch.map((m) => m.content)],
    );
    await client.query('COMMIT');
    batch.forEach((item, i) => {
      const message = wireMessage({ ...item, createdAt: inserted.rows[i].created_at.toISOString() });
      chat.to(item.roomId).emit('message:new', message);
      item.ack({ ok: true, data: message });
    });
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    for (const item of batch) item.ack({ ok: false, error: { code: 'server_error', detail: String(error) } });
  } finally {
    client.release();
    flushing = false;
    void flush();
  }
}

chat.on('connection', (socket) => {
  const { user_id: userId, username, rooms = [] } = socket.handshake.auth;
  socket.join([`user:${userId}`, ...rooms]);
  socket.on('message:send', ({ room_id: roomId, content }, ack) => {
    if (!socket.rooms.has(roomId)) return ack({ ok: false, error: { code: 'room_access_denied' } });
    queue.push({ id: randomUUID(), roomId, senderId: userId, username, content, ack });
    void flush();
  });
});

httpServer.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => pool.end().finally(() => process.exit(0)));
