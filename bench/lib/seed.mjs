// Seeds Parley's schema directly with SQL (fast, and the same data for Parley and the
// baselines that read it) and mints access tokens for live sessions, as login would.
import { createHmac, randomBytes } from 'node:crypto';
import pg from 'pg';
import { v7 as uuid } from 'uuid';

export const JWT_SECRET = randomBytes(32).toString('hex');
// Any valid argon2id hash: nobody logs in with a password during the benchmark.
const PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$CRDqrC1Wxic+g7Hh/HMSsg$+UFY+Ge1h58/2gbd8y/qy8/ezcWe830P+UUPGtRcfgA';

const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An HS256 access token exactly as Parley's TokenService signs it. */
export function accessToken(userId, sessionId, ttlSeconds = 7200) {
  const now = Math.floor(Date.now() / 1000);
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({
    sub: userId,
    sid: sessionId,
    typ: 'access',
    iat: now,
    exp: now + ttlSeconds,
    iss: 'parley',
    aud: 'parley-clients',
  })}`;
  return `${body}.${createHmac('sha256', JWT_SECRET).update(body).digest('base64url')}`;
}

export async function withClient(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * After a bulk seed: statistics for the planner and the seed's dirty pages written out
 * now (CHECKPOINT), so a measured step is not timing the write-back of the seed itself.
 */
export async function settle(db, table) {
  await db.query(table ? `VACUUM ANALYZE ${table}` : 'VACUUM ANALYZE');
  await db.query('CHECKPOINT').catch(() => undefined); // needs superuser or pg_checkpoint; best effort
}

/** `count` users, each with a live session and an access token. */
export async function seedUsers(db, count, prefix = 'u') {
  const users = Array.from({ length: count }, (_, i) => ({
    id: uuid(),
    sessionId: uuid(),
    username: `${prefix}${String(i).padStart(5, '0')}`,
  }));
  await db.query(
    `INSERT INTO users (id, username, email, password_hash, display_name)
     SELECT id, name, name || '@bench.example', $3, name FROM unnest($1::uuid[], $2::text[]) AS t(id, name)`,
    [users.map((u) => u.id), users.map((u) => u.username), PASSWORD_HASH],
  );
  await db.query(`INSERT INTO user_sessions (id, user_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])`, [
    users.map((u) => u.sessionId),
    users.map((u) => u.id),
  ]);
  return users.map((u) => ({ ...u, token: accessToken(u.id, u.sessionId) }));
}

/** GROUP rooms, one per list of member ids (the first is the owner); returns their ids. */
export async function seedRooms(db, memberLists, prefix = 'room') {
  const rooms = memberLists.map((members, i) => ({ id: uuid(), name: `${prefix} ${i}`, members }));
  await db.query(
    `INSERT INTO rooms (id, name, room_type, visibility, created_by, participant_count)
     SELECT id, name, 'GROUP', 'private', owner, n FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::int[]) AS t(id, name, owner, n)`,
    [rooms.map((r) => r.id), rooms.map((r) => r.name), rooms.map((r) => r.members[0]), rooms.map((r) => r.members.length)],
  );
  const roomIds = [];
  const userIds = [];
  const roles = [];
  for (const room of rooms) {
    room.members.forEach((userId, i) => {
      roomIds.push(room.id);
      userIds.push(userId);
      roles.push(i === 0 ? 'owner' : 'member');
    });
  }
  await db.query(`INSERT INTO room_members (room_id, user_id, role) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[])`, [
    roomIds,
    userIds,
    roles,
  ]);
  return rooms.map((r) => r.id);
}

/**
 * `count` text messages in a room, seq 1..count, senders taken in turn, written by
 * one INSERT ... SELECT; the room's counters and last message follow.
 */
export async function seedMessages(db, roomId, count, senderIds, { from = 1, features = false } = {}) {
  const prefix = roomId.replace(/-/g, '').slice(-12);
  await db.query(
    `INSERT INTO messages (id, room_id, seq, type, sender_id, content, created_at)
     SELECT (substr($1, 1, 8) || '-' || substr($1, 9, 4) || '-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
            $2, g, 'text', ($4::uuid[])[1 + g % cardinality($4::uuid[])],
            'bench message number ' || g || ' about quarterly planning and the course schedule',
            now() - make_interval(secs => ($3 - g) / 10.0)
       FROM generate_series($5::bigint, $3::bigint) AS g`,
    [prefix, roomId, from + count - 1, senderIds, from],
  );
  if (features) await addMessageFeatures(db, roomId, senderIds);
  await db.query(
    `UPDATE rooms r SET last_seq = m.seq, message_count = r.message_count + $2, last_message_id = m.id, last_message_at = m.created_at
       FROM (SELECT id, seq, created_at FROM messages WHERE room_id = $1 ORDER BY seq DESC LIMIT 1) m
      WHERE r.id = $1`,
    [roomId, count],
  );
}

/**
 * Every message of the room carries two reactions and a mention, and the first
 * sender has reacted to every tenth (so each history page also reads `me`).
 * One UPDATE and one INSERT ... SELECT.
 */
async function addMessageFeatures(db, roomId, senderIds) {
  const [{ username }] = (await db.query(`SELECT username FROM users WHERE id = $1`, [senderIds[0]])).rows;
  await db.query(
    `UPDATE messages SET reactions = '[{"emoji": "👍", "count": 3}, {"emoji": ":tada:", "count": 1}]'::jsonb,
            mentions = jsonb_build_array(jsonb_build_object('id', $2::text, 'username', $3::text))
      WHERE room_id = $1`,
    [roomId, senderIds[0], username],
  );
  await db.query(`INSERT INTO message_reactions (message_id, emoji, user_id) SELECT id, '👍', $2 FROM messages WHERE room_id = $1 AND seq % 10 = 0`, [
    roomId,
    senderIds[0],
  ]);
}

/**
 * An attachment (an image with a thumbnail, as an upload row; no bytes are needed to
 * read history) on every `every`-th message of a room, by one INSERT ... SELECT.
 */
export async function seedAttachments(db, roomId, uploaderId, every = 5) {
  await db.query(
    `INSERT INTO uploads (id, uploader_id, message_id, position, name, content_type, size, width, height, storage_key, thumbnail_key, attached_at)
     SELECT u.id, $2, u.message_id, 1, 'photo-' || u.seq || '.jpg', 'image/jpeg', 180000, 1600, 1200, u.id::text, u.id::text || '-thumb', u.created_at
       FROM (SELECT gen_random_uuid() AS id, m.id AS message_id, m.seq, m.created_at
               FROM messages m WHERE m.room_id = $1 AND m.seq % $3 = 0) u`,
    [roomId, uploaderId, every],
  );
}

/** Splits `items` into groups of `size`. */
export const chunk = (items, size) => Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
