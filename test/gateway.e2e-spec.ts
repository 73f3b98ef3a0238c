import { createHmac } from 'node:crypto';
import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ack, ClientSocket, connect, disconnected, eventually, record } from './support/sockets';
import { API, startTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';

describe('Realtime gateway (e2e)', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  const sockets: ClientSocket[] = [];
  const open = async (user: TestUser) => {
    const socket = await connect(t.baseUrl, user.access);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    // Presence events reach rooms of up to 3 members here (the rooms below hold 2 or 3; one test makes a bigger one).
    t = await startTestApp({ CORS_ORIGINS: 'https://lms.example.com', PRESENCE_MAX_ROOM_SIZE: '3' });
    alice = await registerUser(t.http, { username: 'alice' });
    bob = await registerUser(t.http, { username: 'bob' });
    eve = await registerUser(t.http, { username: 'eve' });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('handshake', () => {
    const forge = (claims: object) => {
      const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
      const unsigned = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(claims)}`;
      return `${unsigned}.${createHmac('sha256', TEST_JWT_SECRET).update(unsigned).digest('base64url')}`;
    };

    it('accepts auth.token and an Authorization header', async () => {
      sockets.push(await connect(t.baseUrl, alice.access));
      sockets.push(await connect(t.baseUrl, undefined, { headers: { Authorization: `Bearer ${alice.access}` } }));
    });

    it.each([
      ['no token', () => undefined, 'not_authenticated'],
      ['a garbage token', () => 'not-a-jwt', 'token_not_valid'],
      ['a refresh token', () => alice.refresh, 'token_not_valid'],
    ])('refuses %s', async (_name, token, code) => {
      await expect(connect(t.baseUrl, token())).rejects.toMatchObject({ code });
    });

    it('refuses expired and refresh-typed tokens, and ignores query-string tokens', async () => {
      const sid = JSON.parse(Buffer.from(alice.access.split('.')[1], 'base64url').toString()).sid;
      const now = Math.floor(Date.now() / 1000);
      const base = { sub: alice.id, sid, iss: 'parley', aud: 'parley-clients', iat: now - 100 };
      await expect(connect(t.baseUrl, forge({ ...base, typ: 'access', exp: now - 10 }))).rejects.toMatchObject({ code: 'token_not_valid' });
      await expect(connect(t.baseUrl, forge({ ...base, typ: 'refresh', exp: now + 100 }))).rejects.toMatchObject({ code: 'token_not_valid' });
      await expect(connect(t.baseUrl, undefined, { query: { token: alice.access } })).rejects.toMatchObject({ code: 'not_authenticated' });
    });

    it('refuses an Origin outside CORS_ORIGINS', async () => {
      await expect(connect(t.baseUrl, alice.access, { headers: { Origin: 'https://evil.example.com' } })).rejects.toMatchObject({
        code: 'origin_not_allowed',
      });
      sockets.push(await connect(t.baseUrl, alice.access, { headers: { Origin: 'https://lms.example.com' } }));
    });
  });

  describe('message delivery', () => {
    it('delivers a REST message to every socket of every member and to no one else', async () => {
      const room = await createRoom(t.http, alice, { participants: [bob.id] });
      const [a, b1, b2, e] = [await open(alice), await open(bob), await open(bob), await open(eve)];
      const seen = [a, b1, b2, e].map((s) => record<{ content: string; seq: number }>(s, 'message:new'));
      const sent = await send(t.http, alice, room.id, 'over REST');
      await eventually(() => seen.slice(0, 3).forEach((list) => expect(list.map((m) => m.seq)).toEqual([sent.seq])));
      expect(seen[3]).toEqual([]);
    });

    it('acks message:send with the stored message and delivers a retried client_message_id once', async () => {
      const room = await createRoom(t.http, alice, { participants: [bob.id] });
      const [a, b] = [await open(alice), await open(bob)];
      const seen = record<{ id: string }>(b, 'message:new');
      const first = await ack<{ id: string; seq: number; content: string }>(a, 'message:send', {
        room_id: room.id,
        content: ' hi ',
        client_message_id: 'c-1',
      });
      expect(first).toMatchObject({ ok: true, data: { seq: 2, content: 'hi', client_message_id: 'c-1' } });
      const retry = await ack<{ id: string }>(a, 'message:send', { room_id: room.id, content: 'hi', client_message_id: 'c-1' });
      expect(retry.data?.id).toBe(first.data?.id);
      await eventually(() => expect(seen.map((m) => m.id)).toEqual([first.data!.id]));
      await new Promise((r) => setTimeout(r, 100));
      expect(seen).toHaveLength(1);
    });

    it('acks the sender with their own email but broadcasts the sender without it', async () => {
      const room = await createRoom(t.http, alice, { participants: [bob.id] });
      const [a, b] = [await open(alice), await open(bob)];
      const seen = record<{ id: string; sender: Record<string, unknown> }>(b, 'message:new');
      const mine = await ack<{ id: string; sender: Record<string, unknown> }>(a, 'message:send', { room_id: room.id, content: 'private?' });
      expect(mine.data?.sender).toHaveProperty('email');
      await eventually(() => expect(seen.map((m) => m.id)).toEqual([mine.data!.id]));
      expect(seen[0].sender).toMatchObject({ id: alice.id });
      expect(seen[0].sender).not.toHaveProperty('email');
    });

    it("answers each client event's unhappy paths in the ack", async () => {
      const room = await createRoom(t.http, alice, { participants: [bob.id] });
      const [a, b, e] = [await open(alice), await open(bob), await open(eve)];
      expect(await ack(e, 'message:send', { room_id: room.id, content: 'x' })).toMatchObject({ ok: false, error: { code: 'room_access_denied' } });
      const invalid = await ack(a, 'message:send', { room_id: 'nope', content: '', extra: 1 });
      expect(invalid).toMatchObject({ ok: false, error: { code: 'validation_error' } });
      expect(Object.keys(invalid.error!.fields!).sort()).toEqual(['content', 'extra', 'room_id']);
      expect(await ack(a, 'message:send', 'not an object')).toMatchObject({ ok: false, error: { code: 'validation_error' } });
      const msg = await ack<{ id: string }>(a, 'message:send', { room_id: room.id, content: 'mine' });
      expect(await ack(b, 'message:edit', { room_id: room.id, message_id: msg.data!.id, content: 'x' })).toMatchObject({
        ok: false,
        error: { code: 'permission_denied' },
      });
      expect(await ack(b, 'message:delete', { room_id: room.id, message_id: msg.data!.id })).toMatchObject({
        ok: false,
        error: { code: 'permission_denied' },
      });
      expect(await ack(e, 'typing', { room_id: room.id, is_typing: true })).toMatchObject({ ok: false, error: { code: 'room_access_denied' } });
      expect(await ack(e, 'read', { room_id: room.id })).toMatchObject({ ok: false, error: { code: 'room_access_denied' } });
      expect(await ack(e, 'room:join', { room_id: room.id })).toMatchObject({ ok: false, error: { code: 'room_access_denied' } });
      await t.http.post(`${API}/rooms/${room.id}/deactivate`).set(alice.auth).expect(200);
      expect(await ack(b, 'message:send', { room_id: room.id, content: 'x' })).toMatchObject({ ok: false, error: { code: 'room_inactive' } });
    });

    it('edits, deletes and reads over the socket, broadcasting each', async () => {
      const room = await createRoom(t.http, alice, { participants: [bob.id] });
      const [a, b] = [await open(alice), await open(bob)];
      const updated = record<{ content: string }>(b, 'message:updated');
      const deleted = record<{ deleted: boolean }>(b, 'message:deleted');
      const reads = record<{ user_id: string; last_read_seq: number }>(a, 'read');
      const msg = await ack<{ id: string; seq: number }>(a, 'message:send', { room_id: room.id, content: 'draft' });
      expect(await ack(a, 'message:edit', { room_id: room.id, message_id: msg.data!.id, content: 'final' })).toMatchObject({
        ok: true,
        data: { content: 'final' },
      });
      expect(await ack(b, 'read', { room_id: room.id })).toEqual({ ok: true, data: { last_read_seq: msg.data!.seq, unread_count: 0 } });
      expect(await ack(a, 'message:delete', { room_id: room.id, message_id: msg.data!.id })).toEqual({ ok: true, data: null });
      await eventually(() => {
        expect(updated.map((m) => m.content)).toEqual(['final']);
        expect(deleted.map((m) => m.deleted)).toEqual([true]);
        expect(reads).toContainEqual({ room_id: room.id, user_id: bob.id, last_read_seq: msg.data!.seq });
      });
    });

    it('lets a non-member watch a public room with room:join, and room:leave unsubscribes', async () => {
      const room = await createRoom(t.http, alice, { name: 'Stage', visibility: 'public' });
      const e = await open(eve);
      const seen = record<{ content: string }>(e, 'message:new');
      expect(await ack(e, 'room:join', { room_id: room.id })).toMatchObject({ ok: true, data: { id: room.id, my_role: null } });
      await send(t.http, alice, room.id, 'one');
      await eventually(() => expect(seen.map((m) => m.content)).toEqual(['one']));
      expect(await ack(e, 'room:leave', { room_id: room.id })).toEqual({ ok: true, data: null });
      await send(t.http, alice, room.id, 'two');
      await new Promise((r) => setTimeout(r, 150));
      expect(seen.map((m) => m.content)).toEqual(['one']);
    });
  });

  it('stops a watcher receiving once the public room turns private', async () => {
    const room = await createRoom(t.http, alice, { name: 'Was public', visibility: 'public' });
    const e = await open(eve);
    const seen = record<{ content: string }>(e, 'message:new');
    await ack(e, 'room:join', { room_id: room.id });
    await t.http.patch(`${API}/rooms/${room.id}`).set(alice.auth).send({ visibility: 'private' }).expect(200);
    await new Promise((r) => setTimeout(r, 100));
    await send(t.http, alice, room.id, 'members only now');
    await new Promise((r) => setTimeout(r, 150));
    expect(seen).toEqual([]);
  });

  describe('membership moves live sockets', () => {
    it('adds a new member to the room at once and removes a kicked one at once', async () => {
      const room = await createRoom(t.http, alice);
      const b = await open(bob);
      const seen = record<{ content: string }>(b, 'message:new');
      const left = record<{ room_id: string }>(b, 'member:left');
      await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(alice.auth)
        .send({ user_ids: [bob.id] })
        .expect(201);
      await eventually(async () => undefined);
      await send(t.http, alice, room.id, 'welcome');
      await eventually(() => expect(seen.map((m) => m.content)).toEqual(['welcome']));
      await t.http.delete(`${API}/rooms/${room.id}/members/${bob.id}`).set(alice.auth).expect(204);
      await eventually(() => expect(left.map((e) => e.room_id)).toEqual([room.id]));
      await send(t.http, alice, room.id, 'secret');
      await new Promise((r) => setTimeout(r, 150));
      expect(seen.map((m) => m.content)).toEqual(['welcome']);
    });
  });

  describe('revocation', () => {
    it('disconnects the sockets of a login that logs out, not the others', async () => {
      const user = await registerUser(t.http);
      const other = await t.http.post(`${API}/auth/login`).send({ login: user.username, password: user.password });
      const s1 = await open(user);
      const s2 = await connect(t.baseUrl, other.body.access_token);
      sockets.push(s2);
      const gone = disconnected(s1);
      await t.http.post(`${API}/auth/logout`).set(user.auth).send({ refresh_token: user.refresh }).expect(204);
      await expect(gone).resolves.toBe('io server disconnect');
      expect(s2.connected).toBe(true);
    });

    it('disconnects the sockets of a login whose spent refresh token is reused', async () => {
      const user = await registerUser(t.http);
      const s = await open(user);
      const gone = disconnected(s);
      const rotated = await t.http.post(`${API}/auth/refresh`).send({ refresh_token: user.refresh }).expect(200);
      await t.http.post(`${API}/auth/refresh`).send({ refresh_token: rotated.body.refresh_token }).expect(200); // the login moves on
      await t.http.post(`${API}/auth/refresh`).send({ refresh_token: user.refresh }).expect(401);
      await expect(gone).resolves.toBe('io server disconnect');
    });

    it('disconnects every socket of a user who changes password', async () => {
      const user = await registerUser(t.http);
      const s = await open(user);
      const gone = disconnected(s);
      await t.http
        .post(`${API}/users/me/password`)
        .set(user.auth)
        .send({ current_password: user.password, new_password: 'brand-new-pass' })
        .expect(204);
      await expect(gone).resolves.toBe('io server disconnect');
    });
  });

  describe('transport policy', () => {
    it('disconnects every socket of a deleted user', async () => {
      const doomed = await registerUser(t.http);
      const s = await open(doomed);
      const gone = disconnected(s);
      await t.http.delete(`${API}/users/${doomed.id}`).set(doomed.auth).expect(204);
      await expect(gone).resolves.toBe('io server disconnect');
    });

    it('drops a connection that sends more than 64 KB in one packet', async () => {
      const room = await createRoom(t.http, alice);
      const s = await open(alice);
      const gone = disconnected(s);
      s.emit('message:send', { room_id: room.id, content: 'x'.repeat(70 * 1024) });
      await expect(gone).resolves.toBe('transport close');
    });
  });

  describe('presence and typing', () => {
    it('is online while any tab is open and goes offline after the last, storing last_seen_at', async () => {
      const carol = await registerUser(t.http);
      await createRoom(t.http, alice, { participants: [carol.id] });
      const watcher = await open(alice);
      const presence = record<{ user_id: string; status: string; last_seen_at: string | null }>(watcher, 'presence');
      const tab1 = await connect(t.baseUrl, carol.access);
      const tab2 = await connect(t.baseUrl, carol.access);
      await eventually(() => expect(presence.filter((p) => p.user_id === carol.id).map((p) => p.status)).toEqual(['online']));
      expect((await t.http.get(`${API}/users/${carol.id}`).set(alice.auth)).body.online).toBe(true);
      tab1.close();
      await new Promise((r) => setTimeout(r, 150));
      expect(presence.filter((p) => p.user_id === carol.id).map((p) => p.status)).toEqual(['online']);
      tab2.close();
      await eventually(() => expect(presence.filter((p) => p.user_id === carol.id).map((p) => p.status)).toEqual(['online', 'offline']));
      const profile = await t.http.get(`${API}/users/${carol.id}`).set(alice.auth).expect(200);
      expect(profile.body.online).toBe(false);
      expect(profile.body.last_seen_at).toEqual(presence.at(-1)!.last_seen_at);
    });

    it('sends no presence to rooms over PRESENCE_MAX_ROOM_SIZE members, whose online list still shows the user', async () => {
      const [dave, x, y] = await Promise.all([registerUser(t.http), registerUser(t.http), registerUser(t.http)]);
      const big = await createRoom(t.http, alice, { participants: [dave.id, x.id, y.id] }); // 4 members
      const watcher = await open(alice);
      const presence = record<{ user_id: string; status: string }>(watcher, 'presence');
      const daveSocket = await connect(t.baseUrl, dave.access);
      const online = (await t.http.get(`${API}/rooms/${big.id}/online`).set(alice.auth).expect(200)).body;
      expect(online.online_users).toContain(dave.id);
      // A small room shared with the watcher: dave's next connect is announced there, and only that one.
      await createRoom(t.http, alice, { participants: [dave.id] });
      daveSocket.close();
      await eventually(() => expect(presence.filter((p) => p.user_id === dave.id).map((p) => p.status)).toEqual(['offline']));
      const second = await connect(t.baseUrl, dave.access);
      sockets.push(second);
      // No `online` from the first connect (only the big room then): offline, then this connect's online.
      await eventually(() => expect(presence.filter((p) => p.user_id === dave.id).map((p) => p.status)).toEqual(['offline', 'online']));
    });

    it('answers GET /rooms/{id}/online and the members online flags from live sockets', async () => {
      const room = await createRoom(t.http, alice, { participants: [bob.id, eve.id] });
      await open(bob);
      // Sockets closed by earlier tests are forgotten asynchronously on the server.
      let online: { online_users: string[]; total_online: number } | undefined;
      const poll = async () => {
        online = (await t.http.get(`${API}/rooms/${room.id}/online`).set(alice.auth).expect(200)).body;
      };
      for (let i = 0; i < 40 && online?.total_online !== 1; i += 1) {
        await poll();
        if (online?.total_online !== 1) await new Promise((r) => setTimeout(r, 50));
      }
      expect(online).toEqual({ online_users: [bob.id], total_online: 1 });
      const members = await t.http.get(`${API}/rooms/${room.id}/members`).set(alice.auth).expect(200);
      const flags = Object.fromEntries(members.body.results.map((m: { user: { id: string }; online: boolean }) => [m.user.id, m.online]));
      expect(flags).toEqual({ [alice.id]: false, [bob.id]: true, [eve.id]: false });
    });

    it('coalesces typing, and a typing state not renewed ends by itself after 6 s', async () => {
      const room = await createRoom(t.http, alice, { participants: [bob.id] });
      const [a, b] = [await open(alice), await open(bob)];
      const typing = record<{ user_id: string; is_typing: boolean }>(b, 'typing');
      for (let i = 0; i < 3; i += 1) expect(await ack(a, 'typing', { room_id: room.id, is_typing: true })).toEqual({ ok: true, data: null });
      await eventually(() => expect(typing).toEqual([{ room_id: room.id, user_id: alice.id, is_typing: true }]));
      await eventually(() => expect(typing.map((e) => e.is_typing)).toEqual([true, false]), 8000);
    }, 15000);

    it('validates typing payloads like every other event', async () => {
      const a = await open(alice);
      const invalid = await ack(a, 'typing', { room_id: 'nope', is_typing: 'yes', extra: 1 });
      expect(invalid).toMatchObject({ ok: false, error: { code: 'validation_error' } });
      expect(Object.keys(invalid.error!.fields!).sort()).toEqual(['extra', 'is_typing', 'room_id']);
      expect(await ack(a, 'typing', 'not an object')).toMatchObject({ ok: false, error: { code: 'validation_error' } });
      expect(await ack(a, 'typing', [1, 2])).toMatchObject({ ok: false, error: { code: 'validation_error' } });
    });

    it('stops relaying the typing of a member who left, even back in the room as a watcher', async () => {
      const room = await createRoom(t.http, alice, { name: 'Open house', visibility: 'public', participants: [bob.id] });
      const [a, b] = [await open(alice), await open(bob)];
      const typing = record<{ user_id: string; is_typing: boolean }>(a, 'typing');
      expect(await ack(b, 'typing', { room_id: room.id, is_typing: true })).toEqual({ ok: true, data: null });
      await eventually(() => expect(typing).toHaveLength(1));
      await t.http.post(`${API}/rooms/${room.id}/leave`).set(bob.auth).expect(204);
      expect(await ack(b, 'typing', { room_id: room.id, is_typing: false })).toMatchObject({ ok: false, error: { code: 'permission_denied' } });
      // Watching a public room puts the socket back in the room's channel; typing still needs membership.
      expect(await ack(b, 'room:join', { room_id: room.id })).toMatchObject({ ok: true });
      expect(await ack(b, 'typing', { room_id: room.id, is_typing: true })).toMatchObject({ ok: false, error: { code: 'permission_denied' } });
      await t.http.post(`${API}/rooms/${room.id}/join`).set(bob.auth).expect(200);
      expect(await ack(b, 'typing', { room_id: room.id, is_typing: true })).toEqual({ ok: true, data: null });
      // Alice saw: true, then false when bob left (typing ends with the membership), then true again.
      await eventually(() =>
        expect(
          typing
            .filter((e) => e.user_id === bob.id)
            .map((e) => e.is_typing)
            .at(-1),
        ).toBe(true),
      );
    });

    it('ends typing when the typer sends a message', async () => {
      const room = await createRoom(t.http, alice, { participants: [bob.id] });
      const [a, b] = [await open(alice), await open(bob)];
      const typing = record<{ is_typing: boolean }>(b, 'typing');
      await ack(a, 'typing', { room_id: room.id, is_typing: true });
      await ack(a, 'message:send', { room_id: room.id, content: 'done typing' });
      await eventually(() => expect(typing.map((e) => e.is_typing)).toEqual([true, false]));
    });
  });

  describe('catch-up', () => {
    it('fills a 150-message outage with sync plus after= paging, exactly once and in order', async () => {
      const room = await createRoom(t.http, alice, { participants: [bob.id] });
      const before = await send(t.http, alice, room.id, 'before the outage');
      for (let i = 0; i < 150; i += 1) await send(t.http, alice, room.id, `missed ${i}`);
      const b = await open(bob);
      const synced = await ack<{ rooms: Record<string, { messages: { seq: number; content: string }[]; has_more: boolean }> }>(b, 'sync', {
        rooms: { [room.id]: before.seq },
      });
      const first = synced.data!.rooms[room.id];
      expect(first.messages).toHaveLength(100);
      expect(first.has_more).toBe(true);
      const got = [...first.messages];
      for (;;) {
        const page = await t.http
          .get(`${API}/rooms/${room.id}/messages?after=${got.at(-1)!.seq}&limit=100`)
          .set(bob.auth)
          .expect(200);
        got.push(...page.body.results);
        if (!page.body.previous) break;
      }
      expect(got.map((m) => m.content)).toEqual(Array.from({ length: 150 }, (_, i) => `missed ${i}`));
      expect(got.map((m) => m.seq)).toEqual(Array.from({ length: 150 }, (_, i) => before.seq + 1 + i));
    });

    it('answers an error entry for a room the client may no longer read, and 400s a bad map', async () => {
      const room = await createRoom(t.http, alice);
      const e = await open(eve);
      const res = await ack<{ rooms: Record<string, unknown> }>(e, 'sync', { rooms: { [room.id]: 0 } });
      expect(res.data!.rooms[room.id]).toEqual({ error: { code: 'room_access_denied', detail: expect.any(String) } });
      expect(await ack(e, 'sync', { rooms: { 'not-a-room': -1 } })).toMatchObject({ ok: false, error: { code: 'validation_error' } });
    });

    it('pages several rooms in one sync, each from its own seq, with errors beside answers', async () => {
      const [one, two] = [await createRoom(t.http, alice, { participants: [bob.id] }), await createRoom(t.http, alice, { participants: [bob.id] })];
      for (let i = 1; i <= 3; i += 1) await send(t.http, alice, one.id, `one ${i}`);
      await send(t.http, alice, two.id, 'two 1');
      const hidden = await createRoom(t.http, alice);
      const missing = '00000000-0000-4000-8000-000000000001';
      const b = await open(bob);
      const res = await ack<{
        rooms: Record<string, { messages?: { seq: number; content: string }[]; has_more?: boolean; error?: { code: string } }>;
      }>(b, 'sync', {
        rooms: { [one.id]: 1, [two.id]: 0, [hidden.id]: 0, [missing]: 0 },
      });
      const rooms = res.data!.rooms;
      // Each room from its own seq (seq 1 of `one` is its creation's system message or the first text: skipped either way).
      expect(rooms[one.id].messages!.map((m) => m.seq)).toEqual(rooms[one.id].messages!.map((_, i) => i + 2));
      expect(rooms[one.id].messages!.at(-1)!.content).toBe('one 3');
      expect(rooms[one.id].has_more).toBe(false);
      expect(rooms[two.id].messages!.at(-1)!.content).toBe('two 1');
      expect(rooms[two.id].messages!.every((m) => !m.content.startsWith('one'))).toBe(true);
      expect(rooms[hidden.id]).toEqual({ error: { code: 'room_access_denied', detail: expect.any(String) } });
      expect(rooms[missing]).toEqual({ error: { code: 'room_not_found', detail: expect.any(String) } });
    });
  });
});
