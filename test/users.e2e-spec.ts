import { randomUUID } from 'node:crypto';
import { registerUser, TestUser } from './support/factories';
import { withClient } from './support/test-database';
import { API, startTestApp, TestApp } from './support/test-app';

describe('Users (e2e)', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    alice = await registerUser(t.http, { username: 'alice', display_name: 'Alice Liddell' });
    bob = await registerUser(t.http, { username: 'bob' });
  });
  afterAll(async () => {
    await t.close();
  });

  describe('GET/PATCH /users/me', () => {
    it('returns the own profile with email', async () => {
      const res = await t.http.get(`${API}/users/me`).set(alice.auth).expect(200);
      expect(res.body).toMatchObject({ id: alice.id, username: 'alice', email: alice.email, display_name: 'Alice Liddell' });
    });

    it('updates names and ignores nothing silently', async () => {
      const res = await t.http
        .patch(`${API}/users/me`)
        .set(bob.auth)
        .send({ display_name: '  Bob B.  ', first_name: 'Bob', last_name: 'Builder' })
        .expect(200);
      expect(res.body).toMatchObject({ display_name: 'Bob B.', first_name: 'Bob', last_name: 'Builder' });
      const reset = await t.http.patch(`${API}/users/me`).set(bob.auth).send({ display_name: '' }).expect(200);
      expect(reset.body.display_name).toBe('bob');
    });

    it('answers 400 for a bad field, an unknown field and a read-only field', async () => {
      const long = await t.http
        .patch(`${API}/users/me`)
        .set(bob.auth)
        .send({ first_name: 'x'.repeat(151) })
        .expect(400);
      expect(Object.keys(long.body)).toEqual(['first_name']);
      const unknown = await t.http.patch(`${API}/users/me`).set(bob.auth).send({ role: 'admin', username: 'root' }).expect(400);
      expect(unknown.body).toEqual({ role: ['This field is not allowed.'], username: ['This field is not allowed.'] });
      const me = await t.http.get(`${API}/users/me`).set(bob.auth).expect(200);
      expect(me.body.role).toBe('user');
    });

    it('answers 401 without a token', async () => {
      await t.http.get(`${API}/users/me`).expect(401);
      await t.http.patch(`${API}/users/me`).send({ first_name: 'x' }).expect(401);
    });
  });

  describe('POST /users/me/password', () => {
    it('changes the password and ends every login', async () => {
      const carol = await registerUser(t.http, { password: 'old-password' });
      const second = await t.http.post(`${API}/auth/login`).send({ login: carol.username, password: 'old-password' });
      await t.http
        .post(`${API}/users/me/password`)
        .set(carol.auth)
        .send({ current_password: 'old-password', new_password: 'new-password' })
        .expect(204);
      await t.http.get(`${API}/users/me`).set(carol.auth).expect(401);
      await t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${second.body.access_token}`).expect(401);
      await t.http.post(`${API}/auth/refresh`).send({ refresh_token: carol.refresh }).expect(401);
      await t.http.post(`${API}/auth/login`).send({ login: carol.username, password: 'old-password' }).expect(401);
      await t.http.post(`${API}/auth/login`).send({ login: carol.username, password: 'new-password' }).expect(200);
    });

    it('answers 400 for a wrong current password or a short new one, and 401 without a token', async () => {
      const dave = await registerUser(t.http);
      const wrong = await t.http
        .post(`${API}/users/me/password`)
        .set(dave.auth)
        .send({ current_password: 'not-it-at-all', new_password: 'new-password' })
        .expect(400);
      expect(wrong.body).toEqual({ current_password: ['Wrong password.'] });
      const short = await t.http
        .post(`${API}/users/me/password`)
        .set(dave.auth)
        .send({ current_password: dave.password, new_password: 'short' })
        .expect(400);
      expect(Object.keys(short.body)).toEqual(['new_password']);
      await t.http.post(`${API}/users/me/password`).send({ current_password: 'a', new_password: 'b' }).expect(401);
      await t.http.get(`${API}/users/me`).set(dave.auth).expect(200);
    });
  });

  describe('GET /users/{id}', () => {
    it("shows another user's profile without their email", async () => {
      const res = await t.http.get(`${API}/users/${alice.id}`).set(bob.auth).expect(200);
      expect(res.body).toMatchObject({ id: alice.id, username: 'alice', online: false, last_seen_at: null });
      expect(res.body).not.toHaveProperty('email');
    });

    it('answers 404 for an unknown id, 400 for a malformed one, 401 without a token', async () => {
      const missing = await t.http.get(`${API}/users/${randomUUID()}`).set(bob.auth).expect(404);
      expect(missing.body).toEqual({ detail: 'User not found.', code: 'user_not_found' });
      const bad = await t.http.get(`${API}/users/not-a-uuid`).set(bob.auth).expect(400);
      expect(bad.body).toEqual({ id: ['"not-a-uuid" is not a valid UUID.'] });
      await t.http.get(`${API}/users/${alice.id}`).expect(401);
    });
  });

  describe('GET /users (page-number pagination)', () => {
    let viewer: TestUser;

    beforeAll(async () => {
      viewer = await registerUser(t.http, { username: 'pager' });
      for (let i = 0; i < 15; i += 1) {
        await registerUser(t.http, { username: `member${String(i).padStart(2, '0')}`, display_name: `Course Member ${i}` });
      }
    });

    it('gives 15 matches as pages of 10 and 5 with absolute links that keep the search', async () => {
      const first = await t.http.get(`${API}/users?search=member&page_size=10`).set(viewer.auth).expect(200);
      expect(first.body).toMatchObject({ count: 15, total_pages: 2, current_page: 1, page_size: 10, previous: null });
      expect(first.body.results).toHaveLength(10);
      expect(first.body.results[0].username).toBe('member00');
      const next = new URL(first.body.next);
      expect(next.origin).toBe(t.baseUrl);
      expect(Object.fromEntries(next.searchParams)).toEqual({ search: 'member', page: '2', page_size: '10' });
      const second = await t.http.get(`${API}/users${next.search}`).set(viewer.auth).expect(200);
      expect(second.body.results).toHaveLength(5);
      expect(second.body.next).toBeNull();
      expect(new URL(second.body.previous).searchParams.get('page')).toBe('1');
    });

    it('searches display names case-insensitively and treats % literally', async () => {
      const res = await t.http.get(`${API}/users?search=COURSE%20MEMBER%2014`).set(viewer.auth).expect(200);
      expect(res.body.results.map((u: { username: string }) => u.username)).toEqual(['member14']);
      const literal = await t.http.get(`${API}/users?search=%25`).set(viewer.auth).expect(200);
      expect(literal.body.count).toBe(0);
    });

    it('caps page_size at 100 and answers 404 "Invalid page." past the end or for a bad page', async () => {
      const capped = await t.http.get(`${API}/users?page_size=500`).set(viewer.auth).expect(200);
      expect(capped.body.page_size).toBe(100);
      for (const page of ['99', '0', 'abc']) {
        const res = await t.http.get(`${API}/users?search=member&page=${page}`).set(viewer.auth).expect(404);
        expect(res.body).toEqual({ detail: 'Invalid page.', code: 'not_found' });
      }
      const last = await t.http.get(`${API}/users?search=member&page=last`).set(viewer.auth).expect(200);
      expect(last.body.current_page).toBe(2);
    });

    it('answers 401 without a token', async () => {
      await t.http.get(`${API}/users`).expect(401);
    });
  });

  describe('DELETE /users/{id}', () => {
    it('lets a user delete themself, and refuses to delete someone else', async () => {
      const erin = await registerUser(t.http);
      const frank = await registerUser(t.http);
      const res = await t.http.delete(`${API}/users/${frank.id}`).set(erin.auth).expect(403);
      expect(res.body.code).toBe('permission_denied');
      await t.http.delete(`${API}/users/${erin.id}`).set(erin.auth).expect(204);
      await t.http.get(`${API}/users/${erin.id}`).set(frank.auth).expect(404);
    });

    it('lets an admin delete anyone, and answers 404 / 400 / 401', async () => {
      const admin = await registerUser(t.http);
      await withClient(t.databaseUrl, (c) => c.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [admin.id]));
      const victim = await registerUser(t.http);
      const seen = await t.http.get(`${API}/users/${victim.id}`).set(admin.auth).expect(200);
      expect(seen.body.email).toBe(victim.email);
      await t.http.delete(`${API}/users/${victim.id}`).set(admin.auth).expect(204);
      await t.http.delete(`${API}/users/${victim.id}`).set(admin.auth).expect(404);
      await t.http.delete(`${API}/users/nope`).set(admin.auth).expect(400);
      await t.http.delete(`${API}/users/${admin.id}`).expect(401);
    });
  });
});
