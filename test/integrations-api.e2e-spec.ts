import { EventEmitter2 } from '@nestjs/event-emitter';
import { registerUser, TestUser } from './support/factories';
import { connect, eventually, record } from './support/sockets';
import { API, Http, startTestApp, TestApp } from './support/test-app';

const ADMIN = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-admin-password', ADMIN_EMAIL: 'root@example.com' };

/** Runs `work` over `items`, `width` at a time (bounded). */
async function inBatches<T>(items: T[], width: number, work: (item: T) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < items.length; i += width) await Promise.all(items.slice(i, i + width).map(work));
}

describe('Platform server API (e2e)', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let someone: TestUser;
  let allKey: string;

  const createKey = async (scopes: string[], name = 'sync') => {
    const res = await t.http.post(`${API}/admin/api-keys`).set(admin).send({ name, scopes }).expect(201);
    return res.body as { id: string; key: string; prefix: string };
  };
  const as = (key: string) => ({ 'X-Api-Key': key });
  const putUser = (http: Http, key: string, externalId: string, body: Record<string, unknown> = {}) =>
    http.put(`${API}/platform/users/${externalId}`).set(as(key)).send(body);

  beforeAll(async () => {
    t = await startTestApp(ADMIN);
    const login = await t.http.post(`${API}/auth/login`).send({ login: 'root', password: ADMIN.ADMIN_PASSWORD }).expect(200);
    admin = { Authorization: `Bearer ${login.body.access_token}` };
    someone = await registerUser(t.http);
    allKey = (await createKey(['users', 'rooms', 'messages', 'tokens'])).key;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('API keys (admin)', () => {
    it('shows the secret once, with its prefix, and lists keys without it', async () => {
      const created = await createKey(['users'], 'listing');
      expect(created.key).toMatch(/^pk_[A-Za-z0-9_-]{43}$/);
      expect(created.key.startsWith(created.prefix)).toBe(true);
      const list = await t.http.get(`${API}/admin/api-keys`).set(admin).expect(200);
      const row = list.body.results.find((k: { id: string }) => k.id === created.id);
      expect(row).toMatchObject({ name: 'listing', scopes: ['users'], revoked_at: null, last_used_at: null });
      expect(JSON.stringify(list.body)).not.toContain(created.key);
    });

    it('keeps last_used_at', async () => {
      const created = await createKey(['users'], 'used');
      await putUser(t.http, created.key, 'used-1').expect(201);
      // Written beside the request, not in its way: poll (bounded) until it shows.
      let lastUsed: string | null = null;
      for (let i = 0; i < 50 && !lastUsed; i += 1) {
        const list = await t.http.get(`${API}/admin/api-keys`).set(admin).expect(200);
        lastUsed = list.body.results.find((k: { id: string }) => k.id === created.id).last_used_at;
      }
      expect(lastUsed).toEqual(expect.any(String));
    });

    it('is for global admins only: 401 without a token, 403 for a user', async () => {
      await t.http.get(`${API}/admin/api-keys`).expect(401);
      const res = await t.http
        .post(`${API}/admin/api-keys`)
        .set(someone.auth)
        .send({ name: 'x', scopes: ['users'] })
        .expect(403);
      expect(res.body.code).toBe('permission_denied');
      await t.http.get(`${API}/admin/api-keys`).set(someone.auth).expect(403);
      await t.http
        .delete(`${API}/admin/api-keys/${'0'.repeat(8)}-0000-7000-8000-000000000000`)
        .set(someone.auth)
        .expect(403);
    });

    it('rejects bad bodies with 400', async () => {
      for (const body of [
        {},
        { name: 'x', scopes: [] },
        { name: 'x', scopes: ['root'] },
        { name: '', scopes: ['users'] },
        { name: 'x'.repeat(101), scopes: ['users'] },
        { name: 5, scopes: 'users' },
        { name: 'a\u0000', scopes: ['users'], extra: 1 },
      ]) {
        await t.http.post(`${API}/admin/api-keys`).set(admin).send(body).expect(400);
      }
    });

    it('revokes: the key then gets 401; unknown ids 404, malformed 400', async () => {
      const created = await createKey(['users'], 'revoked');
      await putUser(t.http, created.key, 'before-revoke').expect(201);
      await t.http.delete(`${API}/admin/api-keys/${created.id}`).set(admin).expect(204);
      const res = await putUser(t.http, created.key, 'after-revoke').expect(401);
      expect(res.body.code).toBe('api_key_not_valid');
      const audit = await t.http.get(`${API}/admin/audit`).set(admin).expect(200);
      const actions = audit.body.results.filter((e: { target_id: string }) => e.target_id === created.id).map((e: { action: string }) => e.action);
      expect(actions).toEqual(['api_key.revoked', 'api_key.created']);
      expect(JSON.stringify(audit.body)).not.toContain(created.key);
      await t.http.delete(`${API}/admin/api-keys/0190a0a0-0000-7000-8000-000000000000`).set(admin).expect(404);
      await t.http.delete(`${API}/admin/api-keys/nope`).set(admin).expect(400);
    });
  });

  describe('authentication of server routes', () => {
    it('answers 401 without a key (a user token is none), and with a made-up key', async () => {
      for (const headers of [{}, someone.auth]) {
        const res = await t.http.put(`${API}/platform/users/u1`).set(headers).send({}).expect(401);
        expect(res.body.code).toBe('not_authenticated');
      }
      for (const headers of [as('pk_' + 'x'.repeat(43)), as('nonsense'), { Authorization: `Bearer pk_${'y'.repeat(43)}` }]) {
        const res = await t.http.put(`${API}/platform/users/u1`).set(headers).send({}).expect(401);
        expect(res.body.code).toBe('api_key_not_valid');
      }
    });

    it('takes the key as Authorization: Bearer too', async () => {
      await t.http.put(`${API}/platform/users/bearer-1`).set('Authorization', `Bearer ${allKey}`).send({}).expect(201);
    });

    it('answers 403 for a key without the scope', async () => {
      const usersOnly = (await createKey(['users'])).key;
      const res = await t.http.put(`${API}/platform/rooms/c-1`).set(as(usersOnly)).send({ name: 'Course' }).expect(403);
      expect(res.body.code).toBe('permission_denied');
      await t.http.post(`${API}/platform/users/x/tokens`).set(as(usersOnly)).expect(403);
      await t.http.post(`${API}/platform/rooms/c-1/messages`).set(as(usersOnly)).send({ content: 'hi' }).expect(403);
    });
  });

  describe('users by external_id', () => {
    it('creates once (201), then updates (200), keeping the username', async () => {
      const first = await putUser(t.http, allKey, 'lms-42', { username: 'Jane Doe', display_name: 'Jane', email: 'jane@lms.example' }).expect(201);
      expect(first.body).toMatchObject({
        external_id: 'lms-42',
        created: true,
        user: { username: 'jane_doe', display_name: 'Jane', email: 'jane@lms.example' },
      });
      const again = await putUser(t.http, allKey, 'lms-42', { username: 'other', display_name: 'Jane D.' }).expect(200);
      expect(again.body).toMatchObject({ created: false, user: { id: first.body.user.id, username: 'jane_doe', display_name: 'Jane D.' } });
    });

    it('makes a colliding username unique and never links by email', async () => {
      const a = await putUser(t.http, allKey, 'col-a', { username: someone.username, email: someone.email }).expect(201);
      expect(a.body.user.username).toBe(`${someone.username}-2`);
      expect(a.body.user.id).not.toBe(someone.id);
      expect(a.body.user.email).not.toBe(someone.email);
    });

    it('cannot log in locally (no password)', async () => {
      const res = await putUser(t.http, allKey, 'nologin', { username: 'nologin_user' }).expect(201);
      await t.http.post(`${API}/auth/login`).send({ login: res.body.user.username, password: '' }).expect(401);
      await t.http.post(`${API}/auth/login`).send({ login: res.body.user.username, password: 'anything-at-all' }).expect(401);
    });

    it('rejects bad ids and bodies with 400', async () => {
      await putUser(t.http, allKey, 'bad%20id').expect(400);
      await putUser(t.http, allKey, 'x'.repeat(256)).expect(400);
      await putUser(t.http, allKey, 'ok-id', { display_name: 'x'.repeat(151) }).expect(400);
      await putUser(t.http, allKey, 'ok-id', { email: 'not-an-email' }).expect(400);
      await putUser(t.http, allKey, 'ok-id', { user_type: 'god' }).expect(400);
      await putUser(t.http, allKey, 'ok-id', { role: 'admin' }).expect(400);
      await putUser(t.http, allKey, 'ok-id', { display_name: 'a\u0000b' }).expect(400);
      await putUser(t.http, allKey, 'ok-id', { username: { deep: { deeper: [1] } } }).expect(400);
      await t.http.put(`${API}/platform/users/ok-id`).set(as(allKey)).send([1]).expect(400);
    });

    it("sets user_type (the institution's directory makes support agents), audited, and reconnects the user's sockets", async () => {
      const usersOnly = (await createKey(['users'], 'directory')).key;
      await putUser(t.http, usersOnly, 'agent-1', { username: 'helpdesk_ann' }).expect(201);
      const minted = await t.http.post(`${API}/platform/users/agent-1/tokens`).set(as(allKey)).expect(201);
      const socket = await connect(t.baseUrl, minted.body.access_token);
      const dropped = new Promise<string>((resolve) => socket.once('disconnect', resolve));
      try {
        const promoted = await putUser(t.http, usersOnly, 'agent-1', { user_type: 'support' }).expect(200);
        expect(promoted.body.user.user_type).toBe('support');
        await expect(dropped).resolves.toBe('io server disconnect');
      } finally {
        socket.close();
      }
      const audit = await t.http.get(`${API}/admin/audit?limit=5`).set(admin).expect(200);
      const changes = audit.body.results.filter(
        (e: { action: string; target_name: string }) => e.action === 'user.type_changed' && e.target_name === 'helpdesk_ann',
      );
      expect(changes).toEqual([
        expect.objectContaining({
          actor_id: null,
          reason: "the platform's server API",
          details: { from: 'consumer', to: 'support', issuer: 'platform' },
        }),
      ]);
    });

    it('mints a Parley access token that works on REST and sockets', async () => {
      await putUser(t.http, allKey, 'tok-1', { username: 'token_user' }).expect(201);
      const res = await t.http.post(`${API}/platform/users/tok-1/tokens`).set(as(allKey)).expect(201);
      expect(res.body).toMatchObject({ token_type: 'Bearer', expires_in: 900, user: { username: 'token_user' } });
      const me = await t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
      expect(me.body.username).toBe('token_user');
      const socket = await connect(t.baseUrl, res.body.access_token);
      socket.close();
      await t.http.post(`${API}/platform/users/nobody/tokens`).set(as(allKey)).expect(404);
    });
  });

  describe('rooms, rosters and bot messages', () => {
    const putRoom = (id: string, body: Record<string, unknown>) => t.http.put(`${API}/platform/rooms/${id}`).set(as(allKey)).send(body);
    const putRoster = (id: string, members: unknown) => t.http.put(`${API}/platform/rooms/${id}/members`).set(as(allKey)).send({ members });
    const lastSeq = async (roomId: string) => {
      const res = await t.http.get(`${API}/rooms/${roomId}`).set(admin).expect(200);
      return res.body as { message_count: number; participant_count: number; name: string };
    };

    it('creates a COURSE room once (201), replays change nothing (200), updates publish room:updated', async () => {
      const first = await putRoom('course-1', { name: 'Algebra', meta: { term: 'fall' } }).expect(201);
      expect(first.body).toMatchObject({
        external_id: 'course-1',
        created: true,
        room: { name: 'Algebra', room_type: 'COURSE', visibility: 'private', meta: { term: 'fall' } },
      });
      const replay = await putRoom('course-1', { name: 'Algebra', meta: { term: 'fall' } }).expect(200);
      expect(replay.body.room.updated_at).toBe(first.body.room.updated_at);
      const renamed = await putRoom('course-1', { name: 'Algebra I', is_active: false, visibility: 'public' }).expect(200);
      expect(renamed.body.room).toMatchObject({ name: 'Algebra I', is_active: false, visibility: 'public', slug: 'algebra-i' });
      await putRoom('course-1', { name: 'Algebra I', is_active: true }).expect(200);
    });

    it('rejects bad room bodies with 400', async () => {
      for (const body of [
        {},
        { name: '' },
        { name: 'x', room_type: 'ONE_TO_ONE' },
        { name: 'x', visibility: 'open' },
        { name: 'x', meta: 'no' },
        { name: 'x', max_participants: 1 },
        { name: 'x', is_active: 'yes' },
        { name: 'nul\u0000' },
        { name: 'x', meta: { a: 'b\u0000' } },
      ]) {
        await putRoom('course-bad', body).expect(400);
      }
    });

    it('applies a roster once: a replay changes nothing and writes no system message', async () => {
      const room = await putRoom('course-r', { name: 'Roster' }).expect(201);
      for (const id of ['r-a', 'r-b', 'r-c']) await putUser(t.http, allKey, id).expect(201);
      const roster = [{ external_id: 'r-a', role: 'owner' }, { external_id: 'r-b', role: 'admin' }, { external_id: 'r-c' }];
      const first = await putRoster('course-r', roster).expect(200);
      expect(first.body).toEqual({ added: 3, removed: 0, role_changed: 0, unchanged: 0 });
      const before = await lastSeq(room.body.room.id);
      const replay = await putRoster('course-r', roster).expect(200);
      expect(replay.body).toEqual({ added: 0, removed: 0, role_changed: 0, unchanged: 3 });
      const after = await lastSeq(room.body.room.id);
      expect(after).toEqual(before);
      const history = await t.http.get(`${API}/rooms/${room.body.room.id}/messages`).set(admin).expect(200);
      expect(history.body.results.map((m: { content: string }) => m.content)).toEqual([
        'The room "Roster" was created',
        'The platform added 3 members',
      ]);
    });

    it('answers 404 for an unknown room, 400 for unknown users or bad rosters', async () => {
      await putRoster('no-such-course', []).expect(404);
      await putRoom('course-u', { name: 'U' }).expect(201);
      const res = await putRoster('course-u', [{ external_id: 'ghost' }]).expect(400);
      expect(res.body.members[0]).toContain('ghost');
      await putRoster('course-u', [{ external_id: 'r-a', role: 'king' }]).expect(400);
      await putRoster('course-u', 'everyone').expect(400);
      await putRoster('course-u', [
        { external_id: 'r-a', role: 'owner' },
        { external_id: 'r-b', role: 'owner' },
      ]).expect(400);
      await t.http.put(`${API}/platform/rooms/course-u/members`).set(as(allKey)).send({}).expect(400);
    });

    it('applies a 500-member diff in one transaction, one system message per kind, with the events', async () => {
      const room = await putRoom('course-big', { name: 'Big course' }).expect(201);
      const roomId = room.body.room.id as string;
      const ids = Array.from({ length: 550 }, (_, i) => `big-${i}`);
      await inBatches(ids, 25, (id) => putUser(t.http, allKey, id).expect(201));
      const events = t.app.get(EventEmitter2);
      const seen: Record<string, number> = {};
      const count = (name: string) => () => (seen[name] = (seen[name] ?? 0) + 1);
      for (const name of ['member.joined', 'member.left', 'member.updated']) events.on(name, count(name));

      const first = await putRoster(
        'course-big',
        ids.slice(0, 500).map((external_id) => ({ external_id })),
      ).expect(200);
      expect(first.body).toMatchObject({ added: 500 });
      await eventually(() => expect(seen['member.joined']).toBe(500));

      // A watcher of the room sees the changes live.
      const watcher = await t.http.post(`${API}/platform/users/big-0/tokens`).set(as(allKey)).expect(201);
      const socket = await connect(t.baseUrl, watcher.body.access_token);
      const left = record(socket, 'member:left');
      const seqBefore = (await lastSeq(roomId)).message_count;
      const next = [
        ...ids.slice(0, 100).map((external_id) => ({ external_id, role: 'admin' })),
        ...ids.slice(100, 250).map((external_id) => ({ external_id })),
        ...ids.slice(500, 550).map((external_id) => ({ external_id })),
      ];
      const diff = await putRoster('course-big', next).expect(200);
      expect(diff.body).toEqual({ added: 50, removed: 250, role_changed: 100, unchanged: 150 });
      await eventually(() => {
        expect(seen['member.joined']).toBe(550);
        expect(seen['member.left']).toBe(250);
        expect(seen['member.updated']).toBe(100);
        expect(left).toHaveLength(250);
      });
      socket.close();
      const after = await lastSeq(roomId);
      expect(after.participant_count).toBe(300);
      expect(after.message_count).toBe(seqBefore); // system messages are not counted
      const history = await t.http.get(`${API}/rooms/${roomId}/messages`).set(admin).query({ limit: 3 }).expect(200);
      expect(history.body.results.map((m: { content: string }) => m.content)).toEqual([
        'The platform added 50 members',
        'The platform removed 250 members',
        'The platform changed the role of 100 members',
      ]);
    }, 120_000); // 550 users made through the API first: slow on a busy machine

    it('changes nothing when the roster cannot be applied whole (room full)', async () => {
      const room = await putRoom('course-full', { name: 'Full', max_participants: 2 }).expect(201);
      await putRoster('course-full', [{ external_id: 'r-a' }]).expect(200);
      const res = await putRoster('course-full', [{ external_id: 'r-b' }, { external_id: 'r-c' }, { external_id: 'big-1' }]).expect(409);
      expect(res.body.code).toBe('room_full');
      const members = await t.http.get(`${API}/rooms/${room.body.room.id}/members`).set(admin).expect(200);
      expect(members.body.results.map((m: { user: { username: string } }) => m.user.username)).toEqual(['r-a']);
    });

    it('posts as the platform bot, idempotent by client_message_id', async () => {
      await putRoom('course-m', { name: 'Messages' }).expect(201);
      const post = (body: Record<string, unknown>, id = 'course-m') => t.http.post(`${API}/platform/rooms/${id}/messages`).set(as(allKey)).send(body);
      const first = await post({ content: 'Welcome!', client_message_id: 'welcome-1' }).expect(201);
      expect(first.body).toMatchObject({ created: true, message: { content: 'Welcome!', type: 'text', sender: { username: 'platform' } } });
      const retry = await post({ content: 'Welcome!', client_message_id: 'welcome-1' }).expect(200);
      expect(retry.body).toMatchObject({ created: false, message: { id: first.body.message.id } });
      await post({ content: 'no id' }).expect(201);
      await post({ content: '' }).expect(400);
      await post({ content: 'x'.repeat(4001) }).expect(400);
      await post({ content: 5 }).expect(400);
      await post({ content: 'a\u0000' }).expect(400);
      await post({ content: 'ok', client_message_id: 'id\u0000' }).expect(400);
      await post({ content: 'hi' }, 'no-such-course').expect(404);
      await putRoom('course-m2', { name: 'Other' }).expect(201);
      await post({ content: 'Welcome!', client_message_id: 'welcome-1' }, 'course-m2').expect(409);
      await putRoom('course-m', { name: 'Messages', is_active: false }).expect(200);
      const inactive = await post({ content: 'closed', client_message_id: 'closed-1' }).expect(409);
      expect(inactive.body.code).toBe('room_inactive');
    });
  });

  // Last: a second app in the same process is closed here.
  it('limits API-key requests on their own budget', async () => {
    const limited = await startTestApp({ API_KEY_RATE_LIMIT: '3', ...ADMIN });
    try {
      const login = await limited.http.post(`${API}/auth/login`).send({ login: 'root', password: ADMIN.ADMIN_PASSWORD }).expect(200);
      const key = await limited.http
        .post(`${API}/admin/api-keys`)
        .set('Authorization', `Bearer ${login.body.access_token}`)
        .send({ name: 'n', scopes: ['users'] })
        .expect(201);
      for (let i = 0; i < 3; i += 1) await putUser(limited.http, key.body.key, `l${i}`).expect(201);
      const res = await putUser(limited.http, key.body.key, 'l4').expect(429);
      expect(res.headers['retry-after']).toBeDefined();
      await limited.http.get(`${API}/users/me`).set('Authorization', `Bearer ${login.body.access_token}`).expect(200);
    } finally {
      await limited.close();
    }
  });

  it('documents the server API in Swagger under its own tag and security scheme', async () => {
    const res = await t.http.get('/docs-json').expect(200);
    expect(res.body.components.securitySchemes.api_key).toMatchObject({ type: 'apiKey', in: 'header', name: 'X-Api-Key' });
    const put = res.body.paths['/api/v1/platform/rooms/{external_id}/members'].put;
    expect(put.tags).toEqual(['platform']);
    expect(put.security).toEqual([{ api_key: [] }]);
    expect(res.body.paths['/api/v1/admin/api-keys'].post).toBeDefined();
  });
});
