import { randomUUID } from 'node:crypto';
import { API } from '../support/test-app';
import type { Flow } from './flow';

/** Sign-up, sign-in, token refresh and logout, password change, profiles and user lists. */
export async function authAndUsers({ api, ok, auth, register }: Flow): Promise<void> {
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
  await ok(
    api.post(`${API}/users/me/password`).set(auth(dave.token)).send({ current_password: 'a-good-password', new_password: 'another-good-password' }),
    204,
  );
  const again = await ok(api.post(`${API}/auth/login`).send({ login: dave.username, password: 'another-good-password' }), 200);
  await ok(api.delete(`${API}/users/${alice.id}`).set(auth(again.access_token)), 403);
  await ok(api.delete(`${API}/users/${dave.id}`).set(auth(again.access_token)), 204);
}
