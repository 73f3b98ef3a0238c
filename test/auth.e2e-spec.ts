import { createHash, createHmac } from 'node:crypto';
import { DataSource } from 'typeorm';
import { registerUser } from './support/factories';
import { API, startTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';
import { DEFAULT_ORGANIZATION_ID, OrganizationScope } from '../src/core/database/organization-scope';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** Signs arbitrary claims with the test secret (or none), to forge tokens the server must refuse. */
function forge(claims: object, header: object = { alg: 'HS256', typ: 'JWT' }, secret = TEST_JWT_SECRET): string {
  const unsigned = `${b64(header)}.${b64(claims)}`;
  if ((header as { alg: string }).alg === 'none') return `${unsigned}.`;
  return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

describe('Auth (e2e)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  describe('POST /auth/register', () => {
    it('creates a user, signs them in and stores the username lower-cased', async () => {
      const res = await t.http
        .post(`${API}/auth/register`)
        .send({ username: 'Grace.Hopper', email: 'Grace@Example.com', password: 'cobol-forever', first_name: 'Grace' })
        .expect(201);
      expect(res.body).toMatchObject({
        user: {
          username: 'grace.hopper',
          email: 'grace@example.com',
          display_name: 'grace.hopper',
          first_name: 'Grace',
          user_type: 'consumer',
          role: 'user',
          online: false,
          last_seen_at: null,
        },
        token_type: 'Bearer',
        expires_in: 900,
      });
      expect(res.body.user).not.toHaveProperty('password_hash');
      expect(res.body.user.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      expect(typeof res.body.refresh_token).toBe('string');
      await t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    });

    it('rejects a taken username or email case-insensitively with 409', async () => {
      const existing = await registerUser(t.http);
      const dupName = await t.http
        .post(`${API}/auth/register`)
        .send({ username: existing.username.toUpperCase(), email: 'other@example.com', password: 'long-enough' })
        .expect(409);
      expect(dupName.body).toEqual({ detail: 'A user with that username already exists.', code: 'username_taken' });
      const dupEmail = await t.http
        .post(`${API}/auth/register`)
        .send({ username: 'someone_new', email: existing.email.toUpperCase(), password: 'long-enough' })
        .expect(409);
      expect(dupEmail.body.code).toBe('email_taken');
    });

    it('lets exactly one of two simultaneous identical registrations win', async () => {
      const body = { username: 'twin', email: 'twin@example.com', password: 'long-enough' };
      const results = await Promise.all([1, 2, 3].map(() => t.http.post(`${API}/auth/register`).send(body)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 409, 409]);
    });

    it.each([
      [{}, ['username', 'email', 'password'], 'This field is required.'],
      [{ username: 'ab', email: 'ok@example.com', password: 'long-enough' }, ['username'], undefined],
      [{ username: 'has space', email: 'ok@example.com', password: 'long-enough' }, ['username'], undefined],
      [{ username: 'fine_name', email: 'not-an-email', password: 'long-enough' }, ['email'], undefined],
      [{ username: 'fine_name', email: 'ok@example.com', password: 'short' }, ['password'], undefined],
      [{ username: 'fine_name', email: 'ok@example.com', password: 'x'.repeat(129) }, ['password'], undefined],
      [{ username: 'fine_name', email: 'ok@example.com', password: 'long-enough', user_type: 'boss' }, ['user_type'], undefined],
      [{ username: 'fine_name', email: 'ok@example.com', password: 'long-enough', role: 'admin' }, ['role'], 'This field is not allowed.'],
    ])('answers 400 naming each invalid field (%j)', async (body, fields, message) => {
      const res = await t.http.post(`${API}/auth/register`).send(body).expect(400);
      expect(Object.keys(res.body).sort()).toEqual([...fields].sort());
      for (const field of fields) {
        expect(res.body[field]).toEqual(expect.arrayContaining([expect.any(String)]));
        if (message) expect(res.body[field]).toEqual([message]);
      }
    });
  });

  describe('POST /auth/login', () => {
    it('signs in with the username or the email', async () => {
      const user = await registerUser(t.http);
      for (const login of [user.username, user.email.toUpperCase()]) {
        const res = await t.http.post(`${API}/auth/login`).send({ login, password: user.password }).expect(200);
        expect(res.body.user.id).toBe(user.id);
        expect(res.body.access_token).toEqual(expect.any(String));
      }
    });

    it('gives the same 401 for a wrong password and an unknown user', async () => {
      const user = await registerUser(t.http);
      const wrong = await t.http.post(`${API}/auth/login`).send({ login: user.username, password: 'nope-nope' }).expect(401);
      const unknown = await t.http.post(`${API}/auth/login`).send({ login: 'ghost', password: 'nope-nope' }).expect(401);
      expect(wrong.body).toEqual(unknown.body);
      expect(wrong.body.code).toBe('invalid_credentials');
    });

    it('answers 400 for a missing password', async () => {
      const res = await t.http.post(`${API}/auth/login`).send({ login: 'x' }).expect(400);
      expect(res.body).toEqual({ password: ['This field is required.'] });
    });
  });

  describe('POST /auth/refresh', () => {
    it('rotates: the new pair works and the old refresh token does not', async () => {
      const user = await registerUser(t.http);
      const first = await t.http.post(`${API}/auth/refresh`).send({ refresh_token: user.refresh }).expect(200);
      expect(first.body.refresh_token).not.toBe(user.refresh);
      await t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${first.body.access_token}`).expect(200);
      const again = await t.http.post(`${API}/auth/refresh`).send({ refresh_token: first.body.refresh_token }).expect(200);
      expect(again.body.user.id).toBe(user.id);
    });

    it('revokes the whole login when a spent token comes back after the login moved on', async () => {
      const user = await registerUser(t.http);
      const rotated = await t.http.post(`${API}/auth/refresh`).send({ refresh_token: user.refresh }).expect(200);
      const next = await t.http.post(`${API}/auth/refresh`).send({ refresh_token: rotated.body.refresh_token }).expect(200);
      const reuse = await t.http.post(`${API}/auth/refresh`).send({ refresh_token: user.refresh }).expect(401);
      expect(reuse.body).toEqual({ detail: 'Given token not valid for any token type', code: 'token_not_valid' });
      // The thief's reuse also ends the legitimate holder's newer tokens.
      await t.http.post(`${API}/auth/refresh`).send({ refresh_token: next.body.refresh_token }).expect(401);
      await t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${next.body.access_token}`).expect(401);
      // Other logins of the same user are untouched.
      const other = await t.http.post(`${API}/auth/login`).send({ login: user.username, password: user.password });
      await t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${other.body.access_token}`).expect(200);
    });

    it('answers a retry of a just-spent token (reload mid-renewal, lost answer) with a new pair, and only until the new one is used', async () => {
      const user = await registerUser(t.http);
      await t.http.post(`${API}/auth/refresh`).send({ refresh_token: user.refresh }).expect(200); // the answer the client never got
      const retried = await t.http.post(`${API}/auth/refresh`).send({ refresh_token: user.refresh }).expect(200);
      expect(retried.body.refresh_token).not.toBe(user.refresh);
      await t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${retried.body.access_token}`).expect(200);
      // The client carries on with what it got; from then on the first token is reuse.
      const onwards = await t.http.post(`${API}/auth/refresh`).send({ refresh_token: retried.body.refresh_token }).expect(200);
      await t.http.post(`${API}/auth/refresh`).send({ refresh_token: user.refresh }).expect(401);
      await t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${onwards.body.access_token}`).expect(401);
    });

    it('treats a spent token as reuse once the grace period is over', async () => {
      const user = await registerUser(t.http);
      const rotated = await t.http.post(`${API}/auth/refresh`).send({ refresh_token: user.refresh }).expect(200);
      // Spent 31 s ago, past the 30 s default.
      // The app's own connections act in an organization (row-level security): the default one here.
      await OrganizationScope.run(DEFAULT_ORGANIZATION_ID, () =>
        t.app
          .get(DataSource)
          .query(`UPDATE refresh_tokens SET consumed_at = consumed_at - interval '31 seconds' WHERE token_hash = $1`, [
            createHash('sha256').update(user.refresh).digest('hex'),
          ]),
      );
      await t.http.post(`${API}/auth/refresh`).send({ refresh_token: user.refresh }).expect(401);
      await t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${rotated.body.access_token}`).expect(401);
    });

    it('refuses an unknown token and a missing field', async () => {
      await t.http.post(`${API}/auth/refresh`).send({ refresh_token: 'made-up' }).expect(401);
      const res = await t.http.post(`${API}/auth/refresh`).send({}).expect(400);
      expect(res.body).toEqual({ refresh_token: ['This field is required.'] });
    });
  });

  describe('POST /auth/logout', () => {
    it('ends the login: its refresh and access tokens stop working', async () => {
      const user = await registerUser(t.http);
      await t.http.post(`${API}/auth/logout`).set(user.auth).send({ refresh_token: user.refresh }).expect(204);
      await t.http.get(`${API}/users/me`).set(user.auth).expect(401);
      await t.http.post(`${API}/auth/refresh`).send({ refresh_token: user.refresh }).expect(401);
    });

    it("needs a token, and refuses another user's refresh token", async () => {
      const alice = await registerUser(t.http);
      const bob = await registerUser(t.http);
      const res = await t.http.post(`${API}/auth/logout`).send({ refresh_token: alice.refresh }).expect(401);
      expect(res.body.code).toBe('not_authenticated');
      await t.http.post(`${API}/auth/logout`).set(bob.auth).send({ refresh_token: alice.refresh }).expect(401);
      await t.http.get(`${API}/users/me`).set(alice.auth).expect(200);
      await t.http.post(`${API}/auth/logout`).set(bob.auth).send({}).expect(400);
    });
  });

  describe('access tokens', () => {
    let user: Awaited<ReturnType<typeof registerUser>>;
    let sid: string;
    const now = () => Math.floor(Date.now() / 1000);
    const claims = (extra: object = {}) => ({
      sub: user.id,
      sid,
      typ: 'access',
      iss: 'parley',
      aud: 'parley-clients',
      iat: now(),
      exp: now() + 600,
      ...extra,
    });

    beforeAll(async () => {
      user = await registerUser(t.http);
      sid = JSON.parse(Buffer.from(user.access.split('.')[1], 'base64url').toString()).sid;
    });

    it('accepts a correctly forged-by-us token, so the refusals below are about the one changed claim', async () => {
      await t.http
        .get(`${API}/users/me`)
        .set('Authorization', `Bearer ${forge(claims())}`)
        .expect(200);
    });

    it('answers 401 not_authenticated without a token', async () => {
      const res = await t.http.get(`${API}/users/me`).expect(401);
      expect(res.body).toEqual({ detail: 'Authentication credentials were not provided.', code: 'not_authenticated' });
    });

    it.each([
      ['garbage', () => 'not.a.jwt'],
      ['expired', () => forge(claims({ iat: now() - 1200, exp: now() - 600 }))],
      ['alg none', () => forge(claims(), { alg: 'none', typ: 'JWT' })],
      ['wrong audience', () => forge(claims({ aud: 'someone-else' }))],
      ['wrong issuer', () => forge(claims({ iss: 'evil' }))],
      ['wrong secret', () => forge(claims(), undefined, 'another-secret-that-is-long-enough-0000000000')],
      ['refresh-typed', () => forge(claims({ typ: 'refresh' }))],
      ['a refresh token', () => user.refresh],
    ])('answers 401 token_not_valid for a %s token', async (_name, token) => {
      const res = await t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${token()}`).expect(401);
      expect(res.body).toEqual({ detail: 'Given token not valid for any token type', code: 'token_not_valid' });
    });

    it('stops working once the user is deleted', async () => {
      const doomed = await registerUser(t.http);
      await t.http.delete(`${API}/users/${doomed.id}`).set(doomed.auth).expect(204);
      const res = await t.http.get(`${API}/users/me`).set(doomed.auth).expect(401);
      expect(res.body.code).toBe('token_not_valid');
    });
  });
});
