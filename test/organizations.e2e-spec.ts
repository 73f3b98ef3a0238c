import { DataSource } from 'typeorm';
import { DEFAULT_ORGANIZATION_ID, OrganizationScope } from '../src/core/database/organization-scope';
import { createRoom, send } from './support/chat';
import { ADMIN_ACCOUNT, loginAdmin, registerUser, TestUser } from './support/factories';
import { ack, ClientSocket, connect, eventually } from './support/sockets';
import { WebhookReceiver } from './support/webhook-receiver';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * Two organizations on one deployment. The application adds no organization filter of its own to
 * any query: what keeps them apart is PostgreSQL's row-level security alone (docs/organizations.md),
 * so every answer below that hides the other organization is the database's refusal.
 */
describe('Organizations (e2e)', () => {
  let t: TestApp;
  let operator: { Authorization: string };
  let north: { id: string; slug: string };
  let northAdmin: TestUser;
  let bob: TestUser;
  let alice: TestUser;
  let aliceRoom: { id: string };
  const sockets: ClientSocket[] = [];
  const receiversToClose: WebhookReceiver[] = [];

  /** Signs up in an organization by its slug (the same route as the default organization's, with `organization`). */
  const registerIn = (slug: string, username: string) =>
    registerUser(t.http, { username, email: `${username}@${slug}.example.com`, password: 'a-good-password', organization: slug });

  beforeAll(async () => {
    t = await startTestApp({ ...ADMIN_ACCOUNT, WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_POLL_INTERVAL_MS: '50' });
    operator = await loginAdmin(t.http);
    alice = await registerUser(t.http, { username: 'alice' });
    aliceRoom = await createRoom(t.http, alice, { name: 'General', visibility: 'public' });
    await send(t.http, alice, aliceRoom.id, 'the default organization’s secret plan');
    const created = await t.http
      .post(`${API}/organizations`)
      .set(operator)
      .send({
        slug: 'north',
        name: 'North School',
        admin: { username: 'principal', email: 'principal@north.example.com', password: 'north-password-1' },
      })
      .expect(201);
    north = created.body;
    const login = await t.http
      .post(`${API}/auth/login`)
      .send({ login: 'principal', password: 'north-password-1', organization: 'north' })
      .expect(200);
    northAdmin = { ...login.body.user, auth: { Authorization: `Bearer ${login.body.access_token}` }, access: login.body.access_token };
    // The same username as the default organization's alice: another user.
    bob = await registerIn('north', 'alice');
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    for (const receiver of receiversToClose) await receiver.close();
    await t.close();
  });

  describe('operators and organization admins', () => {
    it('creates an organization with its first admin, who is an admin inside it', async () => {
      expect(north).toMatchObject({ slug: 'north', name: 'North School', settings: {}, admin: { username: 'principal', role: 'admin' } });
      expect(northAdmin).toMatchObject({ username: 'principal', role: 'admin' });
    });

    it('lists organizations for operators only', async () => {
      const list = await t.http.get(`${API}/organizations`).set(operator).expect(200);
      expect(list.body.results.map((o: { slug: string }) => o.slug)).toEqual(['default', 'north']);
      await t.http.get(`${API}/organizations`).set(northAdmin.auth).expect(403);
      await t.http.get(`${API}/organizations`).set(alice.auth).expect(403);
      await t.http.get(`${API}/organizations`).expect(401);
    });

    it('refuses to create for non-operators, a taken slug, and bad bodies', async () => {
      const body = { slug: 'south', name: 'South', admin: { username: 'head', email: 'head@south.example.com', password: 'south-password-1' } };
      await t.http.post(`${API}/organizations`).set(northAdmin.auth).send(body).expect(403);
      await t.http.post(`${API}/organizations`).set(alice.auth).send(body).expect(403);
      await t.http.post(`${API}/organizations`).send(body).expect(401);
      const taken = await t.http
        .post(`${API}/organizations`)
        .set(operator)
        .send({ ...body, slug: 'north' })
        .expect(409);
      expect(taken.body.code).toBe('conflict');
      const bad = await t.http
        .post(`${API}/organizations`)
        .set(operator)
        .send({ slug: 'No Spaces!', name: '', settings: { retention_days: -1 } })
        .expect(400);
      expect(Object.keys(bad.body).sort()).toEqual(['admin', 'name', 'settings.retention_days', 'slug']);
      // The failed attempts made nothing.
      await t.http.post(`${API}/auth/login`).send({ login: 'head', password: 'south-password-1', organization: 'south' }).expect(401);
    });

    it('shows an organization to operators and its own admins; to anyone else it does not exist', async () => {
      await t.http.get(`${API}/organizations/${north.id}`).set(operator).expect(200);
      await t.http.get(`${API}/organizations/${north.id}`).set(northAdmin.auth).expect(200);
      const other = await t.http.get(`${API}/organizations/${DEFAULT_ORGANIZATION_ID}`).set(northAdmin.auth).expect(404);
      expect(other.body.code).toBe('not_found');
      await t.http.get(`${API}/organizations/${north.id}`).set(alice.auth).expect(404);
      await t.http.get(`${API}/organizations/${north.id}`).set(bob.auth).expect(403);
      await t.http.get(`${API}/organizations/not-a-uuid`).set(operator).expect(400);
      await t.http.get(`${API}/organizations/00000000-0000-4000-8000-00000000dead`).set(operator).expect(404);
    });

    it('lets an organization admin change its settings (merged), and turning local sign-in off refuses its sign-ins', async () => {
      const patched = await t.http
        .patch(`${API}/organizations/${north.id}`)
        .set(northAdmin.auth)
        .send({ settings: { retention_days: 30 } })
        .expect(200);
      expect(patched.body.settings).toEqual({ retention_days: 30 });
      await t.http
        .patch(`${API}/organizations/${north.id}`)
        .set(northAdmin.auth)
        .send({ settings: { upload_max_bytes: 0 } })
        .expect(400);
      await t.http.patch(`${API}/organizations/${DEFAULT_ORGANIZATION_ID}`).set(northAdmin.auth).send({ name: 'Mine' }).expect(404);
      await t.http.patch(`${API}/organizations/${north.id}`).set(bob.auth).send({ name: 'Mine' }).expect(403);
      const off = await t.http
        .patch(`${API}/organizations/${north.id}`)
        .set(operator)
        .send({ settings: { local_sign_in: false } })
        .expect(200);
      expect(off.body.settings).toEqual({ retention_days: 30, local_sign_in: false });
      const refused = await t.http.post(`${API}/auth/login`).send({ login: 'alice', password: 'a-good-password', organization: 'north' });
      expect(refused.body.code).toBe('local_auth_disabled');
      await t.http
        .patch(`${API}/organizations/${north.id}`)
        .set(operator)
        .send({ settings: { local_sign_in: true } })
        .expect(200);
      await t.http.post(`${API}/auth/login`).send({ login: 'alice', password: 'a-good-password', organization: 'north' }).expect(200);
    });
  });

  describe('sign-in', () => {
    it('signs in to the organization named by its slug; the same login elsewhere is another user', async () => {
      const inNorth = await t.http.post(`${API}/auth/login`).send({ login: 'alice', password: 'a-good-password', organization: 'north' }).expect(200);
      const inDefault = await t.http.post(`${API}/auth/login`).send({ login: 'alice', password: 'a-good-password' }).expect(200);
      expect(inNorth.body.user.id).toBe(bob.id);
      expect(inDefault.body.user.id).toBe(alice.id);
      // The organization's admin is not in the default organization, and an unknown slug is a wrong login.
      await t.http.post(`${API}/auth/login`).send({ login: 'principal', password: 'north-password-1' }).expect(401);
      await t.http.post(`${API}/auth/login`).send({ login: 'alice', password: 'a-good-password', organization: 'nowhere' }).expect(401);
      await t.http
        .post(`${API}/auth/register`)
        .send({ username: 'zed', email: 'zed@x.example.com', password: 'a-good-password', organization: 'nowhere' })
        .expect(400);
    });

    it('renews a token in its own organization', async () => {
      const renewed = await t.http.post(`${API}/auth/refresh`).send({ refresh_token: bob.refresh }).expect(200);
      const me = await t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${renewed.body.access_token}`).expect(200);
      expect(me.body.id).toBe(bob.id);
    });
  });

  describe('isolation (row-level security alone)', () => {
    it('keeps the user directory inside the organization', async () => {
      const users = await t.http.get(`${API}/users`).set(bob.auth).expect(200);
      expect(users.body.results.map((u: { id: string }) => u.id).sort()).toEqual([bob.id, northAdmin.id].sort());
      await t.http.get(`${API}/users/${alice.id}`).set(bob.auth).expect(404);
      const found = await t.http.get(`${API}/users`).query({ search: 'alice' }).set(alice.auth).expect(200);
      expect(found.body.results.map((u: { id: string }) => u.id)).toEqual([alice.id]);
    });

    it('answers another organization’s room as not found, on every room route', async () => {
      const listed = await t.http.get(`${API}/rooms/public`).set(bob.auth).expect(200);
      expect(listed.body.results).toEqual([]);
      expect((await t.http.get(`${API}/rooms`).set(bob.auth).expect(200)).body.results).toEqual([]);
      for (const path of [`rooms/${aliceRoom.id}`, `rooms/${aliceRoom.id}/messages`, `rooms/${aliceRoom.id}/members`]) {
        const res = await t.http.get(`${API}/${path}`).set(bob.auth);
        expect({ path, status: res.status, code: res.body.code }).toEqual({ path, status: 404, code: 'room_not_found' });
      }
      await t.http.post(`${API}/rooms/${aliceRoom.id}/join`).set(bob.auth).expect(404);
      await t.http.post(`${API}/rooms/${aliceRoom.id}/messages`).set(bob.auth).send({ content: 'hi' }).expect(404);
    });

    it('finds nothing of another organization in search, and cannot reach its users from its own rooms', async () => {
      const hits = await t.http.get(`${API}/messages/search`).query({ q: 'secret' }).set(bob.auth).expect(200);
      expect(hits.body.results).toEqual([]);
      const own = await createRoom(t.http, bob, { name: 'General', visibility: 'public' });
      // Another organization's user is answered exactly as a user that does not exist.
      const nobody = '00000000-0000-4000-8000-00000000dead';
      for (const [path, body] of [
        [`rooms/${own.id}/members`, (id: string) => ({ user_ids: [id] })],
        [`rooms/${own.id}/invitations`, (id: string) => ({ user_id: id })],
        ['rooms/direct', (id: string) => ({ user_id: id })],
      ] as const) {
        const foreign = await t.http.post(`${API}/${path}`).set(bob.auth).send(body(alice.id));
        const unknown = await t.http.post(`${API}/${path}`).set(bob.auth).send(body(nobody));
        expect({ path, status: foreign.status, body: JSON.stringify(foreign.body).replace(alice.id, nobody) }).toEqual({
          path,
          status: unknown.status,
          body: JSON.stringify(unknown.body),
        });
        expect(foreign.status).toBeGreaterThanOrEqual(400);
      }
      // The default organization sees none of it either.
      await t.http.get(`${API}/rooms/${own.id}`).set(alice.auth).expect(404);
      expect((await t.http.get(`${API}/rooms/public`).set(alice.auth).expect(200)).body.results.map((r: { id: string }) => r.id)).toEqual([
        aliceRoom.id,
      ]);
    });

    it('refuses another organization’s room on the socket as it refuses an unknown one', async () => {
      const socket = await connect(t.baseUrl, bob.access);
      sockets.push(socket);
      const joined = await ack(socket, 'room:join', { room_id: aliceRoom.id });
      expect(joined).toMatchObject({ ok: false, error: { code: 'room_not_found' } });
      const sent = await ack(socket, 'message:send', { room_id: aliceRoom.id, content: 'hello?' });
      expect(sent).toMatchObject({ ok: false, error: { code: 'room_not_found' } });
    });

    it('shows the application’s own connections one organization’s rows, and none outside one', async () => {
      const dataSource = t.app.get(DataSource);
      const count = async (sql: string) => Number((await dataSource.query(sql))[0].n);
      const inNorth = await OrganizationScope.run(north.id, () => count(`SELECT count(*) AS n FROM messages m JOIN rooms r ON r.id = m.room_id`));
      const inDefault = await OrganizationScope.run(DEFAULT_ORGANIZATION_ID, () => count(`SELECT count(*) AS n FROM messages`));
      const everywhere = await OrganizationScope.runAsSystem(() => count(`SELECT count(*) AS n FROM messages`));
      expect(inNorth).toBeGreaterThan(0); // bob's room's "created" message
      expect(inDefault).toBeGreaterThan(0);
      expect(everywhere).toBe(inNorth + inDefault);
      await expect(count(`SELECT count(*) AS n FROM users`)).resolves.toBe(0);
    });
  });
  describe('compliance features', () => {
    it('applies an organization’s content rules to its own rooms only, and lists them to its own admins only', async () => {
      const rule = await t.http
        .post(`${API}/admin/content-rules`)
        .set(operator)
        .send({ name: 'fruit', kind: 'words', action: 'block', words: ['pineapple'] })
        .expect(201);
      try {
        const refused = await t.http.post(`${API}/rooms/${aliceRoom.id}/messages`).set(alice.auth).send({ content: 'a pineapple' }).expect(422);
        expect(refused.body).toMatchObject({ code: 'content_blocked', rule_id: rule.body.id });
        const bobRoom = await createRoom(t.http, bob, { name: 'Orchard' });
        await t.http.post(`${API}/rooms/${bobRoom.id}/messages`).set(bob.auth).send({ content: 'a pineapple' }).expect(201);
        const north = await t.http.get(`${API}/admin/content-rules`).set(northAdmin.auth).expect(200);
        expect(north.body.results).toEqual([]);
        await t.http.patch(`${API}/admin/content-rules/${rule.body.id}`).set(northAdmin.auth).send({ enabled: false }).expect(404);
      } finally {
        await t.http.delete(`${API}/admin/content-rules/${rule.body.id}`).set(operator).expect(204);
      }
    });

    it('writes an organization admin’s deployment rule in its organization, where only its admins list, change and delete it', async () => {
      const owned = await t.http
        .post(`${API}/admin/content-rules`)
        .set(northAdmin.auth)
        .send({ name: 'north fruit', kind: 'words', action: 'block', words: ['durian'] })
        .expect(201);
      try {
        const row = await OrganizationScope.runAsSystem(() =>
          t.app.get(DataSource).query(`SELECT organization_id FROM content_rules WHERE id = $1`, [owned.body.id]),
        );
        expect(row).toEqual([{ organization_id: north.id }]);
        const listed = await t.http.get(`${API}/admin/content-rules`).set(northAdmin.auth).expect(200);
        expect(listed.body.results.map((r: { id: string }) => r.id)).toEqual([owned.body.id]);
        // The operator administers organizations, not their rules: North's rule does not exist for the default organization.
        const operators = await t.http.get(`${API}/admin/content-rules`).set(operator).expect(200);
        expect(operators.body.results.map((r: { id: string }) => r.id)).not.toContain(owned.body.id);
        await t.http.patch(`${API}/admin/content-rules/${owned.body.id}`).set(operator).send({ enabled: false }).expect(404);
        await t.http.delete(`${API}/admin/content-rules/${owned.body.id}`).set(operator).expect(404);
        const bobRoom = await createRoom(t.http, bob, { name: 'Durian orchard' });
        await t.http.post(`${API}/rooms/${bobRoom.id}/messages`).set(bob.auth).send({ content: 'a durian' }).expect(422);
        await t.http.post(`${API}/rooms/${aliceRoom.id}/messages`).set(alice.auth).send({ content: 'a durian' }).expect(201);
        await t.http.patch(`${API}/admin/content-rules/${owned.body.id}`).set(northAdmin.auth).send({ enabled: false }).expect(200);
      } finally {
        await t.http.delete(`${API}/admin/content-rules/${owned.body.id}`).set(northAdmin.auth).expect(204);
      }
    });

    it('keeps an organization’s legal holds out of another’s sight', async () => {
      const hold = await t.http
        .post(`${API}/admin/legal-holds`)
        .set(operator)
        .send({ name: 'Matter 1', reason: 'an investigation', room_ids: [aliceRoom.id] })
        .expect(201);
      const north = await t.http.get(`${API}/admin/legal-holds`).set(northAdmin.auth).expect(200);
      expect(north.body.results).toEqual([]);
      await t.http.get(`${API}/admin/legal-holds/${hold.body.id}`).set(northAdmin.auth).expect(404);
      await t.http.post(`${API}/admin/legal-holds/${hold.body.id}/release`).set(northAdmin.auth).expect(404);
      // A hold in the north organization cannot name the default organization's room: to it, the room does not exist.
      await t.http
        .post(`${API}/admin/legal-holds`)
        .set(northAdmin.auth)
        .send({ name: 'Matter 2', reason: 'another', room_ids: [aliceRoom.id] })
        .expect(404);
      await t.http.post(`${API}/admin/legal-holds/${hold.body.id}/release`).set(operator).expect(200);
    });
  });

  describe('webhooks', () => {
    it('sends each organization’s events, naming it, to its own endpoints only', async () => {
      const receivers = [await new WebhookReceiver().start(), await new WebhookReceiver().start()];
      receiversToClose.push(...receivers);
      const [defaultReceiver, northReceiver] = receivers;
      for (const [receiver, auth] of [
        [defaultReceiver, operator],
        [northReceiver, northAdmin.auth],
      ] as const) {
        const endpoint = await t.http
          .post(`${API}/admin/webhooks`)
          .set(auth)
          .send({ url: receiver.url, event_types: ['message.created'] })
          .expect(201);
        receiver.secret = endpoint.body.secret;
      }
      const northRoom = await createRoom(t.http, bob, { name: 'Hooked' });
      await send(t.http, bob, northRoom.id, 'north’s hooked message');
      await send(t.http, alice, aliceRoom.id, 'the default organization’s hooked message');
      const content = (r: { data: Record<string, unknown> }) => r.data.content;
      await eventually(() => {
        expect(northReceiver.ofType('message.created').map(content)).toContain('north’s hooked message');
        expect(defaultReceiver.ofType('message.created').map(content)).toContain('the default organization’s hooked message');
      }, 15000);
      expect(northReceiver.accepted.map((r) => r.organization_id)).toEqual(northReceiver.accepted.map(() => north.id));
      expect(defaultReceiver.accepted.map((r) => r.organization_id)).toEqual(defaultReceiver.accepted.map(() => DEFAULT_ORGANIZATION_ID));
      expect(northReceiver.accepted.map(content)).not.toContain('the default organization’s hooked message');
      expect(defaultReceiver.accepted.map(content)).not.toContain('north’s hooked message');
      expect(northReceiver.badSignatures + defaultReceiver.badSignatures).toBe(0);
    });
  });

  describe('per-organization settings', () => {
    const settings = (body: Record<string, unknown>) =>
      t.http.patch(`${API}/organizations/${north.id}`).set(northAdmin.auth).send({ settings: body });

    it('refuses bad values, naming the setting', async () => {
      const bad = await settings({
        upload_types: ['not a type'],
        upload_max_bytes: 1.5,
        limits: { room_create: 0, invite: 'many' },
      }).expect(400);
      expect(Object.keys(bad.body).sort()).toEqual([
        'settings.limits.invite',
        'settings.limits.room_create',
        'settings.upload_max_bytes',
        'settings.upload_types',
      ]);
      await settings({ limits: { sends: 3 } }).expect(400);
      await settings({ limits: [] }).expect(400);
    });

    it('narrows uploads to the organization’s size and types; another organization keeps the deployment’s', async () => {
      await settings({ upload_max_bytes: 100, upload_types: ['text/plain'] }).expect(200);
      try {
        const limits = await t.http.get(`${API}/uploads/limits`).set(bob.auth).expect(200);
        expect(limits.body).toMatchObject({ max_bytes: 100, allowed_types: ['text/plain'] });
        const upload = (who: TestUser, body: Buffer, name: string) => t.http.post(`${API}/uploads`).set(who.auth).attach('file', body, name);
        await upload(bob, Buffer.from('short'), 'a.txt').expect(201);
        expect((await upload(bob, Buffer.from('a longer text '.repeat(10)), 'b.txt')).status).toBe(413);
        const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
        expect((await upload(bob, pdf, 'c.pdf')).status).toBe(415);
        // The default organization: the deployment's limits.
        await upload(alice, Buffer.from('a longer text '.repeat(10)), 'b.txt').expect(201);
        await upload(alice, pdf, 'c.pdf').expect(201);
        expect((await t.http.get(`${API}/uploads/limits`).set(alice.auth).expect(200)).body.max_bytes).toBeGreaterThan(100);
      } finally {
        await settings({ upload_max_bytes: null, upload_types: null }).expect(200);
      }
    });

    it('applies the organization’s abuse limits to its own users only', async () => {
      await settings({ limits: { room_create: 2, invite: 1 } }).expect(200);
      try {
        const rooms = [];
        for (let i = 0; i < 2; i += 1) rooms.push(await createRoom(t.http, bob, { name: `Limited ${i}` }));
        const third = await t.http.post(`${API}/rooms`).set(bob.auth).send({ name: 'One too many', room_type: 'GROUP' });
        expect(third.status).toBe(429);
        expect(third.body.code).toBe('throttled');
        // The default organization keeps the deployment's limit.
        for (let i = 0; i < 3; i += 1) await createRoom(t.http, alice, { name: `Unlimited ${i}` });
        const carol = await registerIn('north', 'carol');
        const dave = await registerIn('north', 'dave');
        await t.http.post(`${API}/rooms/${rooms[0].id}/invitations`).set(bob.auth).send({ user_id: carol.id }).expect(201);
        const second = await t.http.post(`${API}/rooms/${rooms[0].id}/invitations`).set(bob.auth).send({ user_id: dave.id });
        expect(second.status).toBe(429);
      } finally {
        await settings({ limits: null }).expect(200);
      }
      await t.http.post(`${API}/rooms`).set(bob.auth).send({ name: 'After the limit', room_type: 'GROUP' }).expect(201);
    });
  });
});
