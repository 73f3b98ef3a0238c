import { randomUUID } from 'node:crypto';
import type { Test } from 'supertest';
import { emptySchemas, OpenApiContract, queryParametersOfHandlers } from './support/openapi-contract';
import { API, startTestApp, TestApp } from './support/test-app';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document and bodies are JSON read freely
type Json = Record<string, any>;

/**
 * The served OpenAPI document (/docs-json) is the contract: it says something
 * about every schema and parameter, and every route's real answers match it.
 * Every request below goes through the contract's client, which validates the
 * answer against the schema documented for its route and status. The last
 * test fails for a documented route that no test here exercised, so a route
 * added later is checked as soon as it is in the document.
 */
describe('OpenAPI contract (e2e)', () => {
  let t: TestApp;
  let doc: Json;
  let contract: OpenApiContract;
  let api: ReturnType<OpenApiContract['client']>;

  /** Operations not driven here, with the reason. Keep it short. */
  const SKIPPED: Record<string, string> = {};

  const admin = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-for-the-contract', ADMIN_EMAIL: 'root@example.com' };

  beforeAll(async () => {
    t = await startTestApp(admin);
    doc = (await t.http.get('/docs-json').expect(200)).body;
    contract = new OpenApiContract(doc);
    api = contract.client(t.baseUrl);
  });
  afterAll(async () => {
    await t.close();
  });

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const ok = async (test: Test, status: number): Promise<Json> => (await test.expect(status)).body;

  async function register(name: string): Promise<{ id: string; token: string; refresh: string; username: string }> {
    const username = `${name}_${randomUUID().slice(0, 6)}`;
    const body = await ok(api.post(`${API}/auth/register`).send({ username, email: `${username}@example.com`, password: 'a-good-password' }), 201);
    return { id: body.user.id, token: body.access_token, refresh: body.refresh_token, username };
  }

  describe('the document', () => {
    it('has no schema that says nothing (no `{}` and no object without properties)', () => {
      expect(emptySchemas(doc)).toEqual([]);
    });

    it('lists every query parameter each handler reads', () => {
      const handlers = queryParametersOfHandlers(t.app);
      expect(handlers.size).toBeGreaterThan(0);
      const operations = new Map<string, Json>();
      for (const item of Object.values<Json>(doc.paths)) for (const op of Object.values<Json>(item)) operations.set(op.operationId, op);
      for (const [operationId, names] of handlers) {
        const documented = (operations.get(operationId)?.parameters ?? []).filter((p: Json) => p.in === 'query').map((p: Json) => p.name);
        expect({ operationId, missing: names.filter((name) => !documented.includes(name)) }).toEqual({ operationId, missing: [] });
      }
    });

    it('documents the filters of the room and user lists', () => {
      const query = (path: string) => doc.paths[path].get.parameters.filter((p: Json) => p.in === 'query').map((p: Json) => p.name).sort();
      expect(query(`${API}/rooms`)).toEqual(expect.arrayContaining(['is_active', 'ordering', 'page', 'page_size', 'room_type', 'search']));
      expect(query(`${API}/users`)).toEqual(['page', 'page_size', 'search']);
    });

    // A success documented without a body must really send none: the client's check fails otherwise.
    it('documents a success answer for every operation, a body schema for every 200, and 401 behind a token', () => {
      for (const key of contract.operationKeys) {
        const [method, path] = key.split(' ');
        const op = doc.paths[path][method.toLowerCase()];
        const success = Object.keys(op.responses).filter((status) => /^2/.test(status));
        expect({ key, success: success.length > 0 }).toEqual({ key, success: true });
        if ('200' in op.responses) {
          expect({ key, schema: Boolean(op.responses['200'].content?.['application/json']?.schema) }).toEqual({ key, schema: true });
        }
        if (op.security?.length) expect({ key, has401: '401' in op.responses }).toEqual({ key, has401: true });
      }
    });

    it('is an oracle that refuses a missing field, an undocumented field, an undocumented status and a wrong type', () => {
      const me = `${API}/users/me`;
      const user = { id: randomUUID(), username: 'amy', display_name: 'Amy', first_name: '', last_name: '', email: 'a@example.com', user_type: 'consumer', role: 'user', online: false, last_seen_at: null, created_at: new Date().toISOString() };
      const required = (doc.components.schemas.UserResponse.required ?? []) as string[];
      const valid = Object.fromEntries(Object.entries(user).filter(([key]) => key in doc.components.schemas.UserResponse.properties));
      expect(() => contract.check('get', me, 200, valid)).not.toThrow();
      const { [required[0]]: _dropped, ...missing } = valid;
      expect(() => contract.check('get', me, 200, missing)).toThrow(/documented schema/);
      expect(() => contract.check('get', me, 200, { ...valid, password_hash: 'x' })).toThrow(/additional properties/);
      expect(() => contract.check('get', me, 200, { ...valid, username: 7 })).toThrow(/must be string/);
      expect(() => contract.check('get', me, 418, {})).toThrow(/not documented/);
      expect(() => contract.check('get', `${API}/nowhere`, 200, {})).toThrow(/not in the OpenAPI document/);
      contract.seen.clear(); // these were not real answers
    });

    it('names the pieces of the core schemas', () => {
      const props = (name: string) => Object.keys(doc.components.schemas[name].properties ?? {});
      expect(props('RoomResponse')).toEqual(expect.arrayContaining(['id', 'participant_count', 'message_count', 'unread_count', 'last_message', 'my_role']));
      expect(props('MessageResponse')).toEqual(expect.arrayContaining(['id', 'seq', 'content', 'room_id', 'sender']));
      expect(props('ErrorResponse')).toEqual(['detail', 'code']);
      expect(props('RoomPageResponse')).toEqual(expect.arrayContaining(['count', 'next', 'previous', 'results']));
    });
  });

  describe('real answers match the document', () => {
    it('auth and users', async () => {
      const alice = await register('alice');
      await ok(api.post(`${API}/auth/register`).send({ username: alice.username, email: 'x@example.com', password: 'a-good-password' }), 409);
      await ok(api.post(`${API}/auth/register`).send({ username: 'x' }), 400);
      await ok(api.post(`${API}/auth/register`).set('Content-Type', 'application/json').send('{"username": '), 400);
      const login = await ok(api.post(`${API}/auth/login`).send({ login: alice.username, password: 'a-good-password' }), 200);
      await ok(api.post(`${API}/auth/login`).send({ login: alice.username, password: 'wrong-password' }), 401);
      const refreshed = await ok(api.post(`${API}/auth/refresh`).send({ refresh_token: login.refresh_token }), 200);
      await ok(api.post(`${API}/auth/refresh`).send({ refresh_token: 'not-a-token' }), 401);
      await ok(api.post(`${API}/auth/logout`).send({ refresh_token: refreshed.refresh_token }), 401);
      await ok(api.post(`${API}/auth/logout`).set(auth(refreshed.access_token)).send({ refresh_token: refreshed.refresh_token }), 204);

      await ok(api.get(`${API}/users/me`), 401);
      await ok(api.get(`${API}/users/me`).set(auth(alice.token)), 200);
      await ok(api.patch(`${API}/users/me`).set(auth(alice.token)).send({ display_name: 'Alice A.' }), 200);
      await ok(api.patch(`${API}/users/me`).set(auth(alice.token)).send({ display_name: 42 }), 400);
      const page = await ok(api.get(`${API}/users?search=alice&page=1&page_size=5`).set(auth(alice.token)), 200);
      expect(page.results.length).toBeGreaterThan(0);
      await ok(api.get(`${API}/users?page=99`).set(auth(alice.token)), 404);
      await ok(api.get(`${API}/users/${alice.id}`).set(auth(alice.token)), 200);
      await ok(api.get(`${API}/users/${randomUUID()}`).set(auth(alice.token)), 404);
      await ok(api.get(`${API}/users/not-a-uuid`).set(auth(alice.token)), 400);
      await ok(api.get(`${API}/users/me/unread`).set(auth(alice.token)), 200);

      const dave = await register('dave');
      await ok(api.post(`${API}/users/me/password`).set(auth(dave.token)).send({ current_password: 'a-good-password', new_password: 'another-good-password' }), 204);
      const again = await ok(api.post(`${API}/auth/login`).send({ login: dave.username, password: 'another-good-password' }), 200);
      await ok(api.delete(`${API}/users/${alice.id}`).set(auth(again.access_token)), 403);
      await ok(api.delete(`${API}/users/${dave.id}`).set(auth(again.access_token)), 204);
    });

    it('rooms, members and invitations', async () => {
      const [owner, bob, carol] = [await register('owner'), await register('bob'), await register('carol')];
      const room = await ok(api.post(`${API}/rooms`).set(auth(owner.token)).send({ name: 'Team', room_type: 'GROUP', participants: [bob.id], meta: { course: 7 } }), 201);
      await ok(api.post(`${API}/rooms`).set(auth(owner.token)).send({ room_type: 'NOPE' }), 400);
      const open = await ok(api.post(`${API}/rooms`).set(auth(owner.token)).send({ name: `Open ${randomUUID()}`, room_type: 'COURSE', visibility: 'public' }), 201);
      await ok(api.post(`${API}/rooms/direct`).set(auth(owner.token)).send({ user_id: carol.id }), 201);
      await ok(api.post(`${API}/rooms/direct`).set(auth(owner.token)).send({ user_id: carol.id }), 200);
      await ok(api.post(`${API}/rooms/initiate`).set(auth(owner.token)).send({ user_ids: [bob.id, carol.id], room_type: 'GROUP' }), 201);
      await ok(api.post(`${API}/rooms/initiate`).set(auth(owner.token)).send({ user_ids: [bob.id, carol.id], room_type: 'GROUP' }), 200);

      const mine = await ok(api.get(`${API}/rooms?search=Team&room_type=GROUP&is_active=true&ordering=-created_at&page=1&page_size=5`).set(auth(owner.token)), 200);
      expect(mine.results.map((r: Json) => r.id)).toEqual([room.id]);
      await ok(api.get(`${API}/rooms?ordering=sideways`).set(auth(owner.token)), 400);
      await ok(api.get(`${API}/rooms/public?ordering=name`).set(auth(carol.token)), 200);
      await ok(api.get(`${API}/rooms/${room.id}`).set(auth(bob.token)), 200);
      await ok(api.get(`${API}/rooms/${room.id}`).set(auth(carol.token)), 403);
      await ok(api.get(`${API}/rooms/${randomUUID()}`).set(auth(owner.token)), 404);
      await ok(api.patch(`${API}/rooms/${room.id}`).set(auth(owner.token)).send({ description: 'Our room' }), 200);
      await ok(api.patch(`${API}/rooms/${room.id}`).set(auth(bob.token)).send({ description: 'Mine now' }), 403);
      await ok(api.put(`${API}/rooms/${room.id}`).set(auth(owner.token)).send({ name: 'Team A' }), 200);
      await ok(api.post(`${API}/rooms/${room.id}/deactivate`).set(auth(owner.token)), 200);
      await ok(api.post(`${API}/rooms/${room.id}/activate`).set(auth(owner.token)), 200);

      await ok(api.get(`${API}/rooms/${room.id}/members?page_size=1`).set(auth(owner.token)), 200);
      await ok(api.post(`${API}/rooms/${room.id}/members`).set(auth(owner.token)).send({ user_ids: [carol.id] }), 201);
      await ok(api.post(`${API}/rooms/${room.id}/members`).set(auth(owner.token)).send({ user_ids: [carol.id] }), 409);
      await ok(api.patch(`${API}/rooms/${room.id}/members/me`).set(auth(bob.token)).send({ notifications_muted: true }), 200);
      await ok(api.patch(`${API}/rooms/${room.id}/members/${carol.id}`).set(auth(owner.token)).send({ role: 'admin' }), 200);
      await ok(api.delete(`${API}/rooms/${room.id}/members/${carol.id}?ban=false`).set(auth(owner.token)), 204);
      await ok(api.get(`${API}/rooms/${room.id}/online`).set(auth(owner.token)), 200);
      await ok(api.post(`${API}/rooms/${open.id}/join`).set(auth(bob.token)), 200);
      await ok(api.post(`${API}/rooms/${open.id}/join`).set(auth(bob.token)), 409);
      await ok(api.post(`${API}/rooms/${open.id}/leave`).set(auth(bob.token)), 204);

      const invitation = await ok(api.post(`${API}/rooms/${room.id}/invitations`).set(auth(owner.token)).send({ user_id: carol.id }), 201);
      await ok(api.post(`${API}/rooms/${room.id}/invitations`).set(auth(owner.token)).send({ user_id: carol.id }), 409);
      const pending = await ok(api.get(`${API}/invitations`).set(auth(carol.token)), 200);
      expect(pending.results.map((i: Json) => i.id)).toContain(invitation.id);
      await ok(api.post(`${API}/invitations/${invitation.id}/accept`).set(auth(bob.token)), 404);
      await ok(api.post(`${API}/invitations/${invitation.id}/accept`).set(auth(carol.token)), 200);
      const second = await ok(api.post(`${API}/rooms/${open.id}/invitations`).set(auth(owner.token)).send({ user_id: bob.id }), 201);
      await ok(api.post(`${API}/invitations/${second.id}/decline`).set(auth(bob.token)), 204);

      await ok(api.delete(`${API}/rooms/${open.id}`).set(auth(bob.token)), 403);
      await ok(api.delete(`${API}/rooms/${open.id}`).set(auth(owner.token)), 204);
    });

    it('messages, history pages, search, receipts and read positions', async () => {
      const [owner, bob, outsider] = [await register('mowner'), await register('mbob'), await register('mout')];
      const room = await ok(api.post(`${API}/rooms`).set(auth(owner.token)).send({ name: 'Chat', room_type: 'GROUP', participants: [bob.id] }), 201);
      const messages = `${API}/rooms/${room.id}/messages`;
      const first = await ok(api.post(messages).set(auth(owner.token)).send({ content: 'hello parley world', client_message_id: 'c-1', meta: { kind: 'greeting' } }), 201);
      await ok(api.post(messages).set(auth(owner.token)).send({ content: 'hello parley world', client_message_id: 'c-1' }), 200);
      await ok(api.post(messages).set(auth(bob.token)).send({ content: 'a reply', reply_to_id: first.id }), 201);
      await ok(api.post(messages).set(auth(bob.token)).send({ content: '' }), 400);
      await ok(api.post(messages).set(auth(outsider.token)).send({ content: 'let me in' }), 403);

      const newest = await ok(api.get(`${messages}?limit=1`).set(auth(bob.token)), 200);
      expect(newest.next).toEqual(expect.any(String));
      await ok(api.get(`${messages}?before=${newest.results[0].seq}&limit=100`).set(auth(bob.token)), 200);
      await ok(api.get(`${messages}?after=0`).set(auth(bob.token)), 200);
      await ok(api.get(`${messages}?limit=101`).set(auth(bob.token)), 400);
      const found = await ok(api.get(`${messages}/search?q=parley&limit=10`).set(auth(bob.token)), 200);
      expect(found.results.map((m: Json) => m.id)).toEqual([first.id]);
      await ok(api.get(`${messages}/search`).set(auth(bob.token)), 400);
      await ok(api.get(`${messages}/${first.id}`).set(auth(bob.token)), 200);
      await ok(api.get(`${messages}/${randomUUID()}`).set(auth(bob.token)), 404);
      await ok(api.patch(`${messages}/${first.id}`).set(auth(owner.token)).send({ content: 'hello, edited' }), 200);
      await ok(api.patch(`${messages}/${first.id}`).set(auth(bob.token)).send({ content: 'not mine' }), 403);
      await ok(api.post(`${API}/rooms/${room.id}/read`).set(auth(bob.token)).send({ seq: first.seq }), 200);
      await ok(api.post(`${API}/rooms/${room.id}/read`).set(auth(bob.token)), 200);
      await ok(api.get(`${messages}/${first.id}/receipts`).set(auth(owner.token)), 200);
      await ok(api.get(`${API}/users/me/unread`).set(auth(owner.token)), 200);
      await ok(api.delete(`${messages}/${first.id}`).set(auth(owner.token)), 204);
      await ok(api.patch(`${messages}/${first.id}`).set(auth(owner.token)).send({ content: 'too late' }), 409);
    });

    it('moderation, blocks, audit logs and data export', async () => {
      const root = await ok(api.post(`${API}/auth/login`).send({ login: admin.ADMIN_USERNAME, password: admin.ADMIN_PASSWORD }), 200);
      const [owner, bob, carol] = [await register('modowner'), await register('modbob'), await register('modcarol')];
      const room = await ok(api.post(`${API}/rooms`).set(auth(owner.token)).send({ name: 'Moderated', room_type: 'COURSE', participants: [bob.id, carol.id] }), 201);
      const message = await ok(api.post(`${API}/rooms/${room.id}/messages`).set(auth(bob.token)).send({ content: 'buy cheap watches' }), 201);

      const report = await ok(api.post(`${API}/rooms/${room.id}/messages/${message.id}/report`).set(auth(carol.token)).send({ reason: 'spam', details: 'an ad' }), 201);
      await ok(api.post(`${API}/rooms/${room.id}/messages/${message.id}/report`).set(auth(carol.token)).send({ reason: 'nonsense' }), 400);
      await ok(api.post(`${API}/users/${bob.id}/report`).set(auth(carol.token)).send({ reason: 'harassment' }), 201);
      await ok(api.get(`${API}/moderation/reports?status=open&target_type=message&room_id=${room.id}&limit=10`).set(auth(owner.token)), 200);
      await ok(api.get(`${API}/moderation/reports/${report.id}`).set(auth(owner.token)), 200);
      await ok(api.get(`${API}/moderation/reports/${randomUUID()}`).set(auth(owner.token)), 404);
      await ok(api.post(`${API}/moderation/reports/${report.id}/resolve`).set(auth(bob.token)).send({ action: 'dismiss' }), 404); // not a moderator here: hidden
      await ok(api.post(`${API}/moderation/reports/${report.id}/resolve`).set(auth(owner.token)).send({ action: 'dismiss', note: 'fine' }), 200);
      await ok(api.post(`${API}/moderation/reports/${report.id}/resolve`).set(auth(owner.token)).send({ action: 'dismiss' }), 409);

      await ok(api.post(`${API}/rooms/${room.id}/archive?reason=term%20ended`).set(auth(owner.token)), 200);
      await ok(api.get(`${API}/rooms?archived=true`).set(auth(owner.token)), 200);
      await ok(api.post(`${API}/rooms/${room.id}/unarchive`).set(auth(bob.token)), 403);
      await ok(api.post(`${API}/rooms/${room.id}/unarchive`).set(auth(owner.token)), 200);
      await ok(api.get(`${API}/rooms/${room.id}/audit?limit=5`).set(auth(owner.token)), 200);
      await ok(api.get(`${API}/rooms/${room.id}/audit`).set(auth(bob.token)), 403);
      await ok(api.get(`${API}/admin/audit?room_id=${room.id}`).set(auth(root.access_token)), 200);
      await ok(api.get(`${API}/admin/audit`).set(auth(owner.token)), 403);

      await ok(api.put(`${API}/users/me/blocks/${carol.id}`).set(auth(bob.token)), 201);
      await ok(api.put(`${API}/users/me/blocks/${carol.id}`).set(auth(bob.token)), 204);
      await ok(api.put(`${API}/users/me/blocks/${randomUUID()}`).set(auth(bob.token)), 404);
      await ok(api.get(`${API}/users/me/blocks`).set(auth(bob.token)), 200);
      await ok(api.delete(`${API}/users/me/blocks/${carol.id}`).set(auth(bob.token)), 204);

      const mine = await ok(api.get(`${API}/users/me/export`).set(auth(bob.token)), 200);
      expect(JSON.stringify(mine)).toContain('buy cheap watches');
      await ok(api.get(`${API}/admin/users/${bob.id}/export`).set(auth(root.access_token)), 200);
      await ok(api.get(`${API}/admin/users/${bob.id}/export`).set(auth(owner.token)), 403);
    });

    it('health', async () => {
      await ok(api.get('/health/live'), 200);
      await ok(api.get('/health/ready'), 200);
    });

    it('exercised every documented operation (or lists it as skipped, with a reason)', () => {
      const missed = contract.operationKeys.filter((key) => !contract.seen.has(key) && !(key in SKIPPED));
      expect(missed).toEqual([]);
      const stale = Object.keys(SKIPPED).filter((key) => !contract.operationKeys.includes(key));
      expect(stale).toEqual([]);
    });
  });
});
