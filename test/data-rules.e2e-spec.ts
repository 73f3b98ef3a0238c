import http from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { EXPORT_SECTIONS } from '../src/operations/data-export/store/export-sections';
import { RetentionService } from '../src/operations/retention/retention.service';
import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ack, connect } from './support/sockets';
import { withClient } from './support/test-database';
import { API, startTestApp, TestApp } from './support/test-app';

const ADMIN = { ADMIN_USERNAME: 'dpo', ADMIN_PASSWORD: 'data-protection-officer', ADMIN_EMAIL: 'dpo@example.com' };

describe('Data rules: retention, export, erasure, audit immutability (e2e)', () => {
  let t: TestApp;
  let owner: TestUser;
  let member: TestUser;
  let root: { Authorization: string };

  beforeAll(async () => {
    t = await startTestApp({ ...ADMIN, RETENTION_DAYS: '30', RETENTION_BATCH_SIZE: '7' });
    owner = await registerUser(t.http);
    member = await registerUser(t.http);
    const login = await t.http.post(`${API}/auth/login`).send({ login: ADMIN.ADMIN_USERNAME, password: ADMIN.ADMIN_PASSWORD }).expect(200);
    root = { Authorization: `Bearer ${login.body.access_token}` };
  });
  afterAll(async () => {
    await t.close();
  });

  const sql = (text: string, params: unknown[] = []) => withClient(t.databaseUrl, (c) => c.query(text, params));

  describe('retention', () => {
    it('removes exactly the expired messages, keeps seqs, and leaves history, sync and unread counts right', async () => {
      const room = await createRoom(t.http, owner, { participants: [member.id] });
      const short = await createRoom(t.http, owner, { participants: [member.id] });
      await t.http.patch(`${API}/rooms/${short.id}`).set(owner.auth).send({ retention_days: 1 }).expect(200);
      for (let i = 1; i <= 20; i += 1) await send(t.http, owner, room.id, `old ${i}`);
      for (let i = 1; i <= 3; i += 1) await send(t.http, owner, room.id, `new ${i}`);
      await send(t.http, owner, short.id, 'two days old');
      await send(t.http, owner, short.id, 'fresh');
      // seq 1 is "created"; seqs 2..21 are the 20 old ones: make them (and the system message) 40 days old.
      await sql(`UPDATE messages SET created_at = now() - interval '40 days' WHERE room_id = $1 AND seq <= 21`, [room.id]);
      await sql(`UPDATE messages SET created_at = now() - interval '2 days' WHERE room_id = $1 AND seq <= 2`, [short.id]);
      const before = await t.http.get(`${API}/users/me/unread`).set(member.auth).expect(200);
      expect(before.body.rooms).toEqual(expect.arrayContaining([{ room_id: room.id, unread_count: 23 }]));

      const removed = await t.app.get(RetentionService).sweep();
      expect(removed).toBe(21 + 2);

      const roomNow = await t.http.get(`${API}/rooms/${room.id}`).set(member.auth).expect(200);
      expect(roomNow.body).toMatchObject({ oldest_seq: 22, last_seq: 24, message_count: 3, unread_count: 3 });
      const history = await t.http.get(`${API}/rooms/${room.id}/messages?limit=10`).set(member.auth).expect(200);
      expect(history.body.results.map((m: { seq: number }) => m.seq)).toEqual([22, 23, 24]);
      expect(history.body.next).toBeNull();
      const shortNow = await t.http.get(`${API}/rooms/${short.id}/messages`).set(member.auth).expect(200);
      expect(shortNow.body.results.map((m: { content: string }) => m.content)).toEqual(['fresh']);
      const socket = await connect(t.baseUrl, member.access);
      try {
        const synced = await ack<{ rooms: Record<string, { messages: { seq: number }[] }> }>(socket, 'sync', { rooms: { [room.id]: 5 } });
        expect(synced.data!.rooms[room.id].messages.map((m) => m.seq)).toEqual([22, 23, 24]);
      } finally {
        socket.close();
      }
      const unread = await t.http.get(`${API}/users/me/unread`).set(member.auth).expect(200);
      expect(unread.body.rooms).toEqual(expect.arrayContaining([{ room_id: room.id, unread_count: 3 }]));
      await expect(t.app.get(RetentionService).sweep()).resolves.toBe(0);
    });
  });

  describe('export', () => {
    it('gives a user everything Parley holds about them as a JSON download', async () => {
      const room = await createRoom(t.http, member, { name: 'Exported', participants: [owner.id] });
      await send(t.http, member, room.id, 'mine to keep', { meta: { k: 1 } });
      await t.http.put(`${API}/users/me/blocks/${owner.id}`).set(member.auth).expect(201);
      const res = await t.http.get(`${API}/users/me/export`).set(member.auth).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.headers['content-disposition']).toMatch(/^attachment; filename="parley-export-/);
      const body = JSON.parse(res.text);
      expect(body).toMatchObject({ format: 'parley-export/1', user: { id: member.id, email: member.email } });
      expect(body.memberships).toEqual(expect.arrayContaining([expect.objectContaining({ room_id: room.id, room_name: 'Exported', role: 'owner' })]));
      expect(body.messages).toEqual(expect.arrayContaining([expect.objectContaining({ content: 'mine to keep', meta: { k: 1 } })]));
      expect(body.blocks).toEqual([expect.objectContaining({ user_id: owner.id })]);
      expect(body.sessions.length).toBeGreaterThan(0);
      // The header, then every section of the one list (export-sections.ts) in its order, and nothing else.
      expect(Object.keys(body)).toEqual(['format', 'exported_at', 'user', ...EXPORT_SECTIONS.map((section) => section.name)]);
    });

    it('lets global admins export anyone (audited) and nobody else (403), and needs a token (401)', async () => {
      await t.http.get(`${API}/admin/users/${member.id}/export`).set(owner.auth).expect(403);
      await t.http.get(`${API}/admin/users/${member.id}/export`).set(root).expect(200);
      await t.http.get(`${API}/admin/users/00000000-0000-7000-8000-000000000000/export`).set(root).expect(404);
      await t.http.get(`${API}/users/me/export`).expect(401);
      const audit = await t.http.get(`${API}/admin/audit?limit=1`).set(root).expect(200);
      expect(audit.body.results[0]).toMatchObject({ action: 'user.exported', target_id: member.id });
    });

    it('streams an export of 100,000 messages with flat memory', async () => {
      const prolific = await registerUser(t.http);
      const room = await createRoom(t.http, prolific);
      await sql(
        `WITH n AS (SELECT g FROM generate_series(1, 100000) g)
         INSERT INTO messages (id, room_id, seq, type, sender_id, content)
         SELECT gen_random_uuid(), $1, 1 + g, 'text', $2, 'message number ' || g || ' with some words to make it longer' FROM n`,
        [room.id, prolific.id],
      );
      await sql(`UPDATE rooms SET last_seq = 100001 WHERE id = $1`, [room.id]);
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as () => void;
      gc();
      const baseline = process.memoryUsage().heapUsed;
      let midway: number | null = null;
      let bytes = 0;
      let tail = '';
      let count = 0;
      await new Promise<void>((resolve, reject) => {
        const req = http.get(`${t.baseUrl}${API}/users/me/export`, { headers: prolific.auth }, (res) => {
          expect(res.statusCode).toBe(200);
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            bytes += chunk.length;
            const text = tail + chunk;
            count += text.split('"seq":').length - tail.split('"seq":').length;
            tail = text.slice(-16);
            if (midway === null && bytes > 12_000_000) {
              // Half way through: whatever the server holds for this export now is live, not garbage.
              gc();
              midway = process.memoryUsage().heapUsed;
            }
          });
          res.on('end', resolve);
          res.on('error', reject);
        });
        req.on('error', reject);
      });
      expect(tail.endsWith('}')).toBe(true);
      expect(count).toBe(100_001); // and the room's "created" system message, also theirs
      const growth = midway! - baseline;
      console.log(`export: ${bytes} bytes streamed; live heap half way through: +${(growth / 1e6).toFixed(1)} MB`);
      expect(bytes).toBeGreaterThan(25_000_000);
      // Read or built whole, the export would hold 100,000 rows and 30 MB of JSON at this point.
      expect(growth).toBeLessThan(8_000_000);
    }, 120_000);
  });

  describe('erasure and the audit log', () => {
    it('deletes a user keeping their messages with sender null, or tombstoned with erase_messages=true', async () => {
      const keeper = await registerUser(t.http);
      const eraser = await registerUser(t.http);
      const room = await createRoom(t.http, owner, { participants: [keeper.id, eraser.id] });
      const kept = await send(t.http, keeper, room.id, 'stays');
      const erased = await send(t.http, eraser, room.id, 'goes');
      await t.http.delete(`${API}/users/${keeper.id}`).set(keeper.auth).expect(204);
      await t.http.delete(`${API}/users/${eraser.id}?erase_messages=true`).set(root).expect(204);
      await t.http.delete(`${API}/users/${owner.id}?erase_messages=maybe`).set(owner.auth).expect(400);
      const a = await t.http.get(`${API}/rooms/${room.id}/messages/${kept.id}`).set(owner.auth).expect(200);
      expect(a.body).toMatchObject({ content: 'stays', sender: null, deleted: false });
      const b = await t.http.get(`${API}/rooms/${room.id}/messages/${erased.id}`).set(owner.auth).expect(200);
      expect(b.body).toMatchObject({ content: '', sender: null, deleted: true });
      const audit = await t.http.get(`${API}/admin/audit?limit=2`).set(root).expect(200);
      expect(audit.body.results.map((e: { action: string; target_id: string }) => [e.action, e.target_id])).toEqual([
        ['user.deleted', eraser.id],
        ['user.deleted', keeper.id],
      ]);
    });

    it('is append-only in the database itself', async () => {
      await expect(sql(`UPDATE audit_log SET reason = 'rewritten'`)).rejects.toThrow(/append-only/);
      await expect(sql(`DELETE FROM audit_log`)).rejects.toThrow(/append-only/);
    });
  });
});
