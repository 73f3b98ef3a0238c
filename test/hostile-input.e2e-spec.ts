import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ack, ClientSocket, connect } from './support/sockets';
import { API, startTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';

const deepArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const deepObjects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const nested = (depth: number): Record<string, unknown> => (depth <= 1 ? { leaf: true } : { a: nested(depth - 1) });
const NUL = 'a\u0000b';
const LONE_SURROGATE = 'a\ud800b';

describe('Hostile input (e2e)', () => {
  let t: TestApp;
  let alice: TestUser;
  let roomId: string;
  let messageId: string;
  let socket: ClientSocket;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await registerUser(t.http);
    roomId = (await createRoom(t.http, alice, { name: 'hostile' })).id;
    messageId = (await send(t.http, alice, roomId, 'first')).id;
    socket = await connect(t.baseUrl, alice.access);
  });
  afterAll(async () => {
    socket?.close();
    await t.close();
  });

  describe('deep JSON', () => {
    const routes: [string, () => string, boolean][] = [
      ['POST', () => `${API}/auth/login`, false],
      ['POST', () => `${API}/auth/register`, false],
      ['POST', () => `${API}/rooms`, true],
      ['PATCH', () => `${API}/users/me`, true],
      ['POST', () => `${API}/rooms/${roomId}/messages`, true],
    ];

    it.each(routes)('%s %s refuses 1,300 nested arrays and 2,400 nested objects with 400', async (method, path, authed) => {
      for (const body of [deepArrays(1300), deepObjects(2400)]) {
        let req = t.http[method.toLowerCase() as 'post'](path()).set('Content-Type', 'application/json');
        if (authed) req = req.set(alice.auth);
        const res = await req.send(body);
        expect(res.status).toBe(400);
        expect(res.body).toEqual({ code: 'parse_error', detail: 'JSON nested deeper than 32 levels.' });
      }
    });

    it('refuses a meta nested beyond the bound and keeps a shallow one', async () => {
      const deep = await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(alice.auth)
        .send({ content: 'x', meta: nested(40) })
        .expect(400);
      expect(deep.body.code).toBe('parse_error');
      await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(alice.auth)
        .send({ content: 'x', meta: nested(20) })
        .expect(201);
    });

    it('answers a deep socket payload with a parse_error ack, not server_error', async () => {
      for (const event of ['message:send', 'message:edit', 'room:join', 'typing', 'sync']) {
        const reply = await ack(socket, event, { room_id: roomId, content: 'x', meta: nested(2400) });
        expect(reply).toEqual({ ok: false, error: { code: 'parse_error', detail: 'JSON nested deeper than 32 levels.' } });
      }
    });
  });

  describe('characters PostgreSQL text cannot hold', () => {
    it.each([
      ['login', () => [`${API}/auth/login`, { login: NUL, password: 'a-good-password' }, false], 'login'],
      [
        'register username',
        () => [`${API}/auth/register`, { username: NUL, email: 'n@example.com', password: 'a-good-password' }, false],
        'username',
      ],
      [
        'register password',
        () => [`${API}/auth/register`, { username: 'nul_pw', email: 'nulpw@example.com', password: `a-good-${NUL}` }, false],
        'password',
      ],
      ['room name', () => [`${API}/rooms`, { room_type: 'GROUP', name: NUL }, true], 'name'],
      ['room description', () => [`${API}/rooms`, { room_type: 'GROUP', description: NUL }, true], 'description'],
      ['room meta value', () => [`${API}/rooms`, { room_type: 'GROUP', meta: { x: [NUL] } }, true], 'meta.x.0'],
      ['message content', () => [`${API}/rooms/${roomId}/messages`, { content: NUL }, true], 'content'],
      ['message meta', () => [`${API}/rooms/${roomId}/messages`, { content: 'x', meta: { note: NUL } }, true], 'meta.note'],
      ['client_message_id', () => [`${API}/rooms/${roomId}/messages`, { content: 'x', client_message_id: NUL }, true], 'client_message_id'],
    ] as [string, () => [string, Record<string, unknown>, boolean], string][])('POST with NUL in %s is a field error', async (_name, make, field) => {
      const [path, body, authed] = make();
      let req = t.http.post(path);
      if (authed) req = req.set(alice.auth);
      const res = await req.send(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ [field]: ['Null characters are not allowed.'] });
    });

    it('refuses NUL in the profile, in a meta key, and a lone surrogate in content', async () => {
      const profile = await t.http.patch(`${API}/users/me`).set(alice.auth).send({ display_name: NUL }).expect(400);
      expect(profile.body).toEqual({ display_name: ['Null characters are not allowed.'] });
      const key = await t.http
        .patch(`${API}/rooms/${roomId}`)
        .set(alice.auth)
        .send({ meta: { ['k\u0000']: 1 } })
        .expect(400);
      expect(Object.keys(key.body)).toEqual(['meta']);
      const surrogate = await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(alice.auth)
        .set('Content-Type', 'application/json')
        .send('{"content":"a\\ud800b"}')
        .expect(400);
      expect(surrogate.body).toEqual({ content: ['Surrogate characters are not allowed: U+D800.'] });
      const edit = await t.http.patch(`${API}/rooms/${roomId}/messages/${messageId}`).set(alice.auth).send({ content: NUL }).expect(400);
      expect(edit.body).toEqual({ content: ['Null characters are not allowed.'] });
    });

    it.each([
      () => `${API}/users?search=${encodeURIComponent(NUL)}`,
      () => `${API}/rooms?search=${encodeURIComponent(NUL)}`,
      () => `${API}/rooms/public?search=${encodeURIComponent(NUL)}`,
      () => `${API}/rooms/${roomId}/messages/search?q=${encodeURIComponent(NUL)}`,
    ])('a search query with NUL is a field error (%#)', async (path) => {
      const res = await t.http.get(path()).set(alice.auth);
      expect(res.status).toBe(400);
      expect(Object.values(res.body)).toEqual([['Null characters are not allowed.']]);
    });

    it('answers NUL and lone surrogates over sockets with validation_error', async () => {
      const sent = await ack(socket, 'message:send', { room_id: roomId, content: NUL });
      expect(sent).toEqual({
        ok: false,
        error: { code: 'validation_error', detail: 'Invalid payload.', fields: { content: ['Null characters are not allowed.'] } },
      });
      const edited = await ack(socket, 'message:edit', { room_id: roomId, message_id: messageId, content: LONE_SURROGATE });
      expect(edited.error).toMatchObject({ code: 'validation_error', fields: { content: ['Surrogate characters are not allowed: U+D800.'] } });
      const cmid = await ack(socket, 'message:send', { room_id: roomId, content: 'x', client_message_id: NUL });
      expect(cmid.error?.fields).toEqual({ client_message_id: ['Null characters are not allowed.'] });
    });
  });

  describe('null where a column cannot hold it', () => {
    it.each([
      ['PATCH', () => `${API}/users/me`, { last_name: null }, 'last_name'],
      ['PATCH', () => `${API}/users/me`, { display_name: null }, 'display_name'],
      ['PATCH', () => `${API}/rooms/${roomId}`, { description: null }, 'description'],
      ['PATCH', () => `${API}/rooms/${roomId}`, { meta: null }, 'meta'],
      ['POST', () => `${API}/rooms/${roomId}/messages`, { content: 'x', meta: null }, 'meta'],
    ] as [string, () => string, Record<string, unknown>, string][])('%s %s with %j is a field error', async (method, path, body, field) => {
      const res = await t.http[method.toLowerCase() as 'post'](path()).set(alice.auth).send(body);
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ [field]: ['This field may not be null.'] });
    });
  });

  describe('numbers beyond what SQL takes', () => {
    it.each(['/rooms', '/rooms/public', '/users'])('GET %s with a page past any offset is 404 Invalid page.', async (path) => {
      const res = await t.http.get(`${API}${path}?page=${'9'.repeat(170)}`).set(alice.auth);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ detail: 'Invalid page.', code: 'not_found' });
    });
  });

  describe('tokens', () => {
    it('answers 401 token_not_valid to a validly signed token whose sub or sid is not a UUID', async () => {
      const jwt = t.app.get(JwtService);
      for (const claims of [
        { sub: 'not-a-uuid', sid: randomUUID() },
        { sub: randomUUID(), sid: 'x\u0000' },
      ]) {
        const token = await jwt.signAsync(
          { ...claims, typ: 'access' },
          { secret: TEST_JWT_SECRET, algorithm: 'HS256', issuer: 'parley', audience: 'parley-clients', expiresIn: 60 },
        );
        const res = await t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${token}`);
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('token_not_valid');
      }
    });
  });

  describe('message content counts what users see', () => {
    const post = (content: string) => t.http.post(`${API}/rooms/${roomId}/messages`).set(alice.auth).send({ content });

    it('counts every code point: variation selectors and combining marks count', async () => {
      const selectors = await post('a\ufe0f'.repeat(4000)).expect(400);
      expect(selectors.body).toEqual({ content: ['Must be shorter than or equal to 4000 characters.'] });
      await post(`a${'\u0301'.repeat(4000)}`).expect(400);
      await post('😀'.repeat(4000)).expect(201);
      await post('😀'.repeat(4001)).expect(400);
    });

    it('refuses content that is only whitespace or zero-width characters', async () => {
      for (const content of ['\u200b\u200b', ' \u2060 ', '\u3164', '\ufeff\u200d\u00ad', '\u180e']) {
        const res = await post(content).expect(400);
        expect(res.body).toEqual({ content: ['This field may not be blank.'] });
      }
      await post('\u200bhi').expect(201);
    });

    it('holds sockets to the same rules on send and edit', async () => {
      const blank = await ack(socket, 'message:send', { room_id: roomId, content: '\u200b' });
      expect(blank.error?.fields).toEqual({ content: ['This field may not be blank.'] });
      const long = await ack(socket, 'message:send', { room_id: roomId, content: 'a\ufe0f'.repeat(4000) });
      expect(long.error?.fields).toEqual({ content: ['Must be shorter than or equal to 4000 characters.'] });
      const edit = await ack(socket, 'message:edit', { room_id: roomId, message_id: messageId, content: '\u200b' });
      expect(edit.error?.fields).toEqual({ content: ['This field may not be blank.'] });
    });

    it('holds other text fields to their column sizes in code points', async () => {
      const name = await t.http
        .post(`${API}/rooms`)
        .set(alice.auth)
        .send({ room_type: 'GROUP', name: 'n\ufe0f'.repeat(150) });
      expect(name.status).toBe(400);
      const display = await t.http
        .patch(`${API}/users/me`)
        .set(alice.auth)
        .send({ display_name: 'n\ufe0e'.repeat(150) });
      expect(display.status).toBe(400);
      const cmid = await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(alice.auth)
        .send({ content: 'x', client_message_id: 'c\ufe0f'.repeat(64) });
      expect(cmid.status).toBe(400);
    });
  });
});
