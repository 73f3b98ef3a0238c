import { EventEmitter2 } from '@nestjs/event-emitter';
import { randomUUID } from 'node:crypto';
import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { withClient } from './support/test-database';
import { API, startTestApp, TestApp } from './support/test-app';

describe('Messages (e2e)', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let roomId: string;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await registerUser(t.http, { username: 'alice' });
    bob = await registerUser(t.http, { username: 'bob' });
    eve = await registerUser(t.http, { username: 'eve' });
    roomId = (await createRoom(t.http, alice, { participants: [bob.id] })).id;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('POST /rooms/{id}/messages', () => {
    it('stores a trimmed message with the next seq and returns it', async () => {
      const res = await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(bob.auth)
        .send({ content: '  hello world  ', meta: { mood: 'happy' } })
        .expect(201);
      expect(res.body).toMatchObject({
        room_id: roomId,
        seq: 2,
        type: 'text',
        sender: { id: bob.id, username: 'bob' },
        content: 'hello world',
        meta: { mood: 'happy' },
        reply_to_id: null,
        client_message_id: null,
        edited_at: null,
        deleted: false,
      });
      expect(res.body.sender.email).toBe(bob.email);
      const asAlice = await t.http.get(`${API}/rooms/${roomId}/messages/${res.body.id}`).set(alice.auth).expect(200);
      expect(asAlice.body.sender).not.toHaveProperty('email');
    });

    it('answers 400 for blank, too long, bad meta, bad reply and unknown fields', async () => {
      const blank = await t.http.post(`${API}/rooms/${roomId}/messages`).set(bob.auth).send({ content: '   ' }).expect(400);
      expect(blank.body).toEqual({ content: ['This field may not be blank.'] });
      await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(bob.auth)
        .send({ content: 'x'.repeat(4001) })
        .expect(400);
      await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(bob.auth)
        .send({ content: 'x'.repeat(4000) })
        .expect(201);
      const meta = await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(bob.auth)
        .send({ content: 'x', meta: { b: 'y'.repeat(5000) } })
        .expect(400);
      expect(Object.keys(meta.body)).toEqual(['meta']);
      const other = await createRoom(t.http, eve);
      const foreign = await send(t.http, eve, other.id, 'elsewhere');
      const reply = await t.http.post(`${API}/rooms/${roomId}/messages`).set(bob.auth).send({ content: 'x', reply_to_id: foreign.id }).expect(400);
      expect(reply.body).toEqual({ reply_to_id: [`Invalid pk "${foreign.id}" - object does not exist.`] });
      await t.http.post(`${API}/rooms/${roomId}/messages`).set(bob.auth).send({ content: 'x', sender_id: alice.id }).expect(400);
      await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(bob.auth)
        .send({ content: 'x', client_message_id: 'c'.repeat(65) })
        .expect(400);
    });

    it('accepts a reply to a message of the same room', async () => {
      const first = await send(t.http, alice, roomId, 'question?');
      const answer = await send(t.http, bob, roomId, 'answer', { reply_to_id: first.id });
      expect(answer.reply_to_id).toBe(first.id);
    });

    it('answers 401 without a token, 403 for a non-member, 404 for an unknown room', async () => {
      await t.http.post(`${API}/rooms/${roomId}/messages`).send({ content: 'x' }).expect(401);
      const res = await t.http.post(`${API}/rooms/${roomId}/messages`).set(eve.auth).send({ content: 'x' }).expect(403);
      expect(res.body.code).toBe('room_access_denied');
      await t.http.post(`${API}/rooms/${randomUUID()}/messages`).set(eve.auth).send({ content: 'x' }).expect(404);
    });

    it('lets a public room be read by anyone but written only by members', async () => {
      const open = await createRoom(t.http, alice, { name: 'Agora', visibility: 'public' });
      await send(t.http, alice, open.id, 'welcome');
      const read = await t.http.get(`${API}/rooms/${open.id}/messages`).set(eve.auth).expect(200);
      expect(read.body.results.map((m: { content: string }) => m.content)).toContain('welcome');
      const write = await t.http.post(`${API}/rooms/${open.id}/messages`).set(eve.auth).send({ content: 'me too' }).expect(403);
      expect(write.body.code).toBe('permission_denied');
    });
  });

  it('publishes message.created after the commit, with the stored message (not for retries)', async () => {
    const events = t.app.get(EventEmitter2);
    const seen: { roomId: string; message: { id: string; seq: number } }[] = [];
    const listener = (event: (typeof seen)[number]) => seen.push(event);
    events.on('message.created', listener);
    try {
      const first = await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(bob.auth)
        .send({ content: 'event', client_message_id: 'evt-1' })
        .expect(201);
      await t.http.post(`${API}/rooms/${roomId}/messages`).set(bob.auth).send({ content: 'event', client_message_id: 'evt-1' }).expect(200);
      expect(seen).toEqual([{ roomId, message: expect.objectContaining({ id: first.body.id, seq: first.body.seq }) }]);
      const stored = await withClient(t.databaseUrl, (c) => c.query(`SELECT 1 FROM messages WHERE id = $1`, [seen[0].message.id]));
      expect(stored.rowCount).toBe(1);
    } finally {
      events.off('message.created', listener);
    }
  });

  describe('idempotency and concurrency', () => {
    it('returns the first message with 200 for a retried client_message_id and writes nothing', async () => {
      const first = await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(bob.auth)
        .send({ content: 'once', client_message_id: 'retry-1' })
        .expect(201);
      const retry = await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(bob.auth)
        .send({ content: 'once', client_message_id: 'retry-1' })
        .expect(200);
      expect(retry.body).toEqual(first.body);
      const elsewhere = await createRoom(t.http, bob);
      const conflict = await t.http
        .post(`${API}/rooms/${elsewhere.id}/messages`)
        .set(bob.auth)
        .send({ content: 'x', client_message_id: 'retry-1' })
        .expect(409);
      expect(conflict.body.code).toBe('conflict');
    });

    it('gives 10 parallel sends with one client_message_id exactly one message', async () => {
      const room = await createRoom(t.http, alice, { participants: [bob.id] });
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          t.http.post(`${API}/rooms/${room.id}/messages`).set(bob.auth).send({ content: 'dup', client_message_id: 'burst' }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 200)).toHaveLength(9);
      expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
      const rows = await withClient(t.databaseUrl, (c) =>
        c.query(`SELECT seq FROM messages WHERE room_id = $1 ORDER BY seq`, [room.id]).then((r) => r.rows.map((x) => Number(x.seq))),
      );
      expect(rows).toEqual([1, 2]);
      const view = await t.http.get(`${API}/rooms/${room.id}`).set(alice.auth).expect(200);
      expect(view.body).toMatchObject({ message_count: 1, unread_count: 1 });
    });

    it('gives 20 parallel sends to one room the seqs 2..21 with no gap or duplicate', async () => {
      const room = await createRoom(t.http, alice, { participants: [bob.id] });
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          t.http
            .post(`${API}/rooms/${room.id}/messages`)
            .set(i % 2 ? alice.auth : bob.auth)
            .send({ content: `m${i}` }),
        ),
      );
      expect(results.every((r) => r.status === 201)).toBe(true);
      expect(results.map((r) => r.body.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
      const view = await t.http.get(`${API}/rooms/${room.id}`).set(alice.auth).expect(200);
      expect(view.body).toMatchObject({ message_count: 20 });
      expect(view.body.last_message.seq).toBe(21);
    });
  });

  describe('GET /rooms/{id}/messages (keyset history)', () => {
    let historyRoom: string;

    beforeAll(async () => {
      historyRoom = (await createRoom(t.http, alice, { participants: [bob.id] })).id;
      await withClient(t.databaseUrl, async (c) => {
        // 60 messages (seq 2..61) after the "created" system message, written as the app would.
        await c.query(
          `INSERT INTO messages (id, room_id, seq, type, sender_id, content)
           SELECT gen_random_uuid(), $1, s, 'text', $2, 'm' || s FROM generate_series(2, 61) s`,
          [historyRoom, alice.id],
        );
        await c.query(`UPDATE rooms SET last_seq = 61, message_count = 60 WHERE id = $1`, [historyRoom]);
      });
    });

    it('gives the newest 50 first, then the older 11, ascending, with next/previous links', async () => {
      const first = await t.http.get(`${API}/rooms/${historyRoom}/messages`).set(bob.auth).expect(200);
      expect(first.body.results).toHaveLength(50);
      expect(first.body.results[0].seq).toBe(12);
      expect(first.body.results.at(-1).seq).toBe(61);
      expect(first.body.previous).toBeNull();
      const next = new URL(first.body.next);
      expect(Object.fromEntries(next.searchParams)).toEqual({ before: '12', limit: '50' });
      const older = await t.http.get(`${API}/rooms/${historyRoom}/messages${next.search}`).set(bob.auth).expect(200);
      expect(older.body.results.map((m: { seq: number }) => m.seq)).toEqual(Array.from({ length: 11 }, (_, i) => i + 1));
      expect(older.body.next).toBeNull();
      expect(new URL(older.body.previous).searchParams.get('after')).toBe('11');
      const newer = await t.http.get(`${API}/rooms/${historyRoom}/messages?after=58&limit=2`).set(bob.auth).expect(200);
      expect(newer.body.results.map((m: { seq: number }) => m.seq)).toEqual([59, 60]);
      expect(new URL(newer.body.previous).searchParams.get('after')).toBe('60');
    });

    it('gives every message of a page its own sender, two people taking turns', async () => {
      const room = (await createRoom(t.http, alice, { participants: [bob.id] })).id;
      for (let i = 0; i < 6; i += 1) await send(t.http, i % 2 ? bob : alice, room, `turn ${i}`);
      const page = await t.http.get(`${API}/rooms/${room}/messages`).set(bob.auth).expect(200);
      const turns = page.body.results.filter((m: { content: string }) => m.content.startsWith('turn '));
      expect(turns.map((m: { content: string; sender: { id: string; username: string } }) => [m.content, m.sender.id, m.sender.username])).toEqual(
        Array.from({ length: 6 }, (_, i) => [`turn ${i}`, i % 2 ? bob.id : alice.id, i % 2 ? 'bob' : 'alice']),
      );
      // The reader sees their own email and nobody else's, on every message.
      for (const m of turns) expect(m.sender.email).toBe(m.sender.id === bob.id ? bob.email : undefined);
      const thread = await t.http.get(`${API}/rooms/${room}/messages/${turns[0].id}/thread`).set(alice.auth).expect(200);
      expect(thread.body.results).toEqual([]);
      await send(t.http, bob, room, 'in thread 1', { thread_root_id: turns[0].id });
      await send(t.http, alice, room, 'in thread 2', { thread_root_id: turns[0].id });
      await send(t.http, bob, room, 'in thread 3', { thread_root_id: turns[0].id });
      const replies = await t.http.get(`${API}/rooms/${room}/messages/${turns[0].id}/thread`).set(alice.auth).expect(200);
      expect(replies.body.results.map((m: { content: string; sender: { username: string } }) => [m.content, m.sender.username])).toEqual([
        ['in thread 1', 'bob'],
        ['in thread 2', 'alice'],
        ['in thread 3', 'bob'],
      ]);
    });

    it('answers 400 for bad cursors and limits', async () => {
      const res = await t.http.get(`${API}/rooms/${historyRoom}/messages?before=abc&limit=500`).set(bob.auth).expect(400);
      expect(Object.keys(res.body).sort()).toEqual(['before', 'limit']);
      await t.http.get(`${API}/rooms/${historyRoom}/messages`).set(eve.auth).expect(403);
    });

    it('reads a deep page of a 100k-message room with an index scan, never an offset', async () => {
      const big = (await createRoom(t.http, alice)).id;
      const plan = await withClient(t.databaseUrl, async (c) => {
        await c.query(
          `INSERT INTO messages (id, room_id, seq, type, sender_id, content)
           SELECT gen_random_uuid(), $1, s, 'text', $2, 'bulk ' || s FROM generate_series(2, 100001) s`,
          [big, alice.id],
        );
        await c.query(`ANALYZE messages`);
        const rows = await c.query(
          `EXPLAIN (FORMAT JSON)
           SELECT m.*, u.* FROM messages m LEFT JOIN users u ON u.id = m.sender_id
            WHERE m.room_id = $1 AND m.seq < $2 ORDER BY m.seq DESC LIMIT 50`,
          [big, 60],
        );
        return JSON.stringify(rows.rows[0]['QUERY PLAN']);
      });
      expect(plan).toContain('uq_messages_room_seq');
      expect(plan).toMatch(/"Node Type":"Index Scan"/);
      expect(plan).not.toMatch(/"Node Type":"Sort"/);
      expect(plan).not.toMatch(
        /"Node Type":"Seq Scan","Parent Relationship":"Outer","Parallel Aware":false,"Async Capable":false,"Relation Name":"messages"/,
      );
      const deep = await t.http.get(`${API}/rooms/${big}/messages?before=60&limit=50`).set(alice.auth).expect(200);
      expect(deep.body.results.map((m: { seq: number }) => m.seq)).toEqual(Array.from({ length: 50 }, (_, i) => i + 10));
    });
  });

  describe('single messages: get, edit, delete', () => {
    it('gets a message by id, and 404s an id from another room', async () => {
      const mine = await send(t.http, alice, roomId, 'findable');
      await t.http.get(`${API}/rooms/${roomId}/messages/${mine.id}`).set(bob.auth).expect(200);
      const other = await createRoom(t.http, eve);
      const res = await t.http.get(`${API}/rooms/${other.id}/messages/${mine.id}`).set(eve.auth).expect(404);
      expect(res.body.code).toBe('message_not_found');
      await t.http.get(`${API}/rooms/${roomId}/messages/${mine.id}`).set(eve.auth).expect(403);
      await t.http.get(`${API}/rooms/${roomId}/messages/zzz`).set(bob.auth).expect(400);
    });

    it('lets only the sender edit, sets edited_at, and refuses deleted messages', async () => {
      const msg = await send(t.http, bob, roomId, 'typo');
      const edited = await t.http.patch(`${API}/rooms/${roomId}/messages/${msg.id}`).set(bob.auth).send({ content: ' fixed ' }).expect(200);
      expect(edited.body).toMatchObject({ content: 'fixed', seq: msg.seq });
      expect(edited.body.edited_at).toEqual(expect.any(String));
      await t.http.patch(`${API}/rooms/${roomId}/messages/${msg.id}`).set(alice.auth).send({ content: 'hijack' }).expect(403);
      await t.http.patch(`${API}/rooms/${roomId}/messages/${msg.id}`).set(bob.auth).send({ content: '' }).expect(400);
      await t.http.delete(`${API}/rooms/${roomId}/messages/${msg.id}`).set(bob.auth).expect(204);
      const res = await t.http.patch(`${API}/rooms/${roomId}/messages/${msg.id}`).set(bob.auth).send({ content: 'again' }).expect(409);
      expect(res.body.code).toBe('conflict');
    });

    it('deletes as a tombstone that keeps its seq; owners may delete others, members may not', async () => {
      const carol = await registerUser(t.http);
      const room = (await createRoom(t.http, alice, { participants: [bob.id, carol.id] })).id;
      const msg = await send(t.http, bob, room, 'secret plans', { meta: { x: 1 } });
      await t.http.delete(`${API}/rooms/${room}/messages/${msg.id}`).set(carol.auth).expect(403);
      await t.http.delete(`${API}/rooms/${room}/messages/${msg.id}`).set(eve.auth).expect(403);
      await t.http.delete(`${API}/rooms/${room}/messages/${msg.id}`).set(alice.auth).expect(204);
      await t.http.delete(`${API}/rooms/${room}/messages/${msg.id}`).set(alice.auth).expect(204);
      const tomb = await t.http.get(`${API}/rooms/${room}/messages/${msg.id}`).set(bob.auth).expect(200);
      expect(tomb.body).toMatchObject({ seq: msg.seq, deleted: true, content: '', meta: {} });
      const view = await t.http.get(`${API}/rooms/${room}`).set(carol.auth).expect(200);
      expect(view.body).toMatchObject({ message_count: 0, unread_count: 0 });
      await t.http.delete(`${API}/rooms/${room}/messages/${randomUUID()}`).set(alice.auth).expect(404);
    });

    it("keeps a deleted user's messages with sender null", async () => {
      const leaving = await registerUser(t.http);
      const room = (await createRoom(t.http, alice, { participants: [leaving.id] })).id;
      const msg = await send(t.http, leaving, room, 'goodbye');
      await t.http.delete(`${API}/users/${leaving.id}`).set(leaving.auth).expect(204);
      const res = await t.http.get(`${API}/rooms/${room}/messages/${msg.id}`).set(alice.auth).expect(200);
      expect(res.body).toMatchObject({ sender: null, content: 'goodbye' });
    });
  });

  describe('read state', () => {
    it('counts unread for others only, never moves backwards, and counts sending as reading', async () => {
      const room = (await createRoom(t.http, alice, { participants: [bob.id] })).id;
      const a1 = await send(t.http, alice, room, 'one');
      await send(t.http, alice, room, 'two');
      const a3 = await send(t.http, alice, room, 'three');
      expect((await t.http.get(`${API}/rooms/${room}`).set(alice.auth)).body.unread_count).toBe(0);
      expect((await t.http.get(`${API}/rooms/${room}`).set(bob.auth)).body.unread_count).toBe(3);
      const partial = await t.http.post(`${API}/rooms/${room}/read`).set(bob.auth).send({ seq: a1.seq }).expect(200);
      expect(partial.body).toEqual({ last_read_seq: a1.seq, unread_count: 2 });
      const backwards = await t.http.post(`${API}/rooms/${room}/read`).set(bob.auth).send({ seq: 1 }).expect(200);
      expect(backwards.body.last_read_seq).toBe(a1.seq);
      const summary = await t.http.get(`${API}/users/me/unread`).set(bob.auth).expect(200);
      expect(summary.body.rooms).toContainEqual({ room_id: room, unread_count: 2 });
      expect(summary.body.total).toBeGreaterThanOrEqual(2);
      const beyond = await t.http.post(`${API}/rooms/${room}/read`).set(bob.auth).send({ seq: 9999 }).expect(200);
      expect(beyond.body).toEqual({ last_read_seq: a3.seq, unread_count: 0 });
      const reply = await send(t.http, bob, room, 'reply');
      const bobMember = await t.http.get(`${API}/rooms/${room}/members`).set(bob.auth);
      expect(bobMember.body.results.find((m: { user: { id: string } }) => m.user.id === bob.id).last_read_seq).toBe(reply.seq);
      await t.http.post(`${API}/rooms/${room}/read`).set(bob.auth).send({ seq: -1 }).expect(400);
      await t.http.post(`${API}/rooms/${room}/read`).set(eve.auth).send({}).expect(403);
    });

    it('reports receipts from the members read positions', async () => {
      const carol = await registerUser(t.http);
      const room = (await createRoom(t.http, alice, { participants: [bob.id, carol.id] })).id;
      const msg = await send(t.http, alice, room, 'did you read this?');
      await t.http.post(`${API}/rooms/${room}/read`).set(bob.auth).send({}).expect(200);
      const res = await t.http.get(`${API}/rooms/${room}/messages/${msg.id}/receipts`).set(alice.auth).expect(200);
      expect(res.body).toMatchObject({ count: 1, read_by: [{ id: bob.id }] });
      await t.http.get(`${API}/rooms/${room}/messages/${msg.id}/receipts`).set(eve.auth).expect(403);
    });

    it('marks everything read when POST /rooms/{id}/read has no body at all (seq is optional)', async () => {
      const room = (await createRoom(t.http, alice, { participants: [bob.id] })).id;
      await send(t.http, alice, room, 'one');
      const last = await send(t.http, alice, room, 'two');
      const res = await t.http.post(`${API}/rooms/${room}/read`).set(bob.auth).expect(200);
      expect(res.body).toEqual({ last_read_seq: last.seq, unread_count: 0 });
      // Routes with required fields still answer field errors for a missing body.
      const empty = await t.http.post(`${API}/rooms/${room}/messages`).set(bob.auth).expect(400);
      expect(empty.body).toEqual({ content: ['This field is required.'] });
      await t.http.post(`${API}/rooms/${room}/read`).set(eve.auth).expect(403);
    });
  });

  describe('GET /rooms/{id}/messages/search', () => {
    it('finds words in one room, members only', async () => {
      const room = (await createRoom(t.http, alice, { participants: [bob.id] })).id;
      await send(t.http, alice, room, 'The quick brown fox');
      await send(t.http, bob, room, 'a lazy dog');
      await send(t.http, bob, roomId, 'another fox elsewhere');
      const res = await t.http.get(`${API}/rooms/${room}/messages/search?q=FOX`).set(bob.auth).expect(200);
      expect(res.body.results.map((m: { content: string }) => m.content)).toEqual(['The quick brown fox']);
      await t.http.get(`${API}/rooms/${room}/messages/search`).set(bob.auth).expect(400);
      await t.http.get(`${API}/rooms/${room}/messages/search?q=fox`).set(eve.auth).expect(403);
    });
  });

  it("refuses every id of another user's private room", async () => {
    const room = (await createRoom(t.http, alice, { participants: [bob.id] })).id;
    const msg = await send(t.http, alice, room, 'private');
    const invitation = await t.http
      .post(`${API}/rooms/${room}/invitations`)
      .set(alice.auth)
      .send({ user_id: (await registerUser(t.http)).id });
    const attempts: [string, string, object?][] = [
      ['get', `/rooms/${room}`],
      ['patch', `/rooms/${room}`, { name: 'mine' }],
      ['delete', `/rooms/${room}`],
      ['post', `/rooms/${room}/deactivate`],
      ['get', `/rooms/${room}/members`],
      ['post', `/rooms/${room}/members`, { user_ids: [eve.id] }],
      ['patch', `/rooms/${room}/members/${bob.id}`, { role: 'admin' }],
      ['delete', `/rooms/${room}/members/${bob.id}`],
      ['post', `/rooms/${room}/join`],
      ['post', `/rooms/${room}/leave`],
      ['get', `/rooms/${room}/online`],
      ['post', `/rooms/${room}/invitations`, { user_id: eve.id }],
      ['get', `/rooms/${room}/messages`],
      ['post', `/rooms/${room}/messages`, { content: 'hi' }],
      ['get', `/rooms/${room}/messages/${msg.id}`],
      ['patch', `/rooms/${room}/messages/${msg.id}`, { content: 'x' }],
      ['delete', `/rooms/${room}/messages/${msg.id}`],
      ['get', `/rooms/${room}/messages/${msg.id}/receipts`],
      ['get', `/rooms/${room}/messages/search?q=private`],
      ['post', `/rooms/${room}/read`, {}],
    ];
    for (const [method, path, body] of attempts) {
      const req = (t.http as unknown as Record<string, (url: string) => import('supertest').Test>)[method](`${API}${path}`).set(eve.auth);
      const res = await (body ? req.send(body) : req);
      expect([path, method, res.status]).toEqual([path, method, 403]);
    }
    const accept = await t.http.post(`${API}/invitations/${invitation.body.id}/accept`).set(eve.auth);
    expect(accept.status).toBe(404);
  });
});
