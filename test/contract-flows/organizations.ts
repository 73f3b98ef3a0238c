import { randomUUID } from 'node:crypto';
import { API } from '../support/test-app';
import type { Flow } from './flow';

/** Organizations (docs/organizations.md): operators create and list them, each organization's admins manage their own. */
export async function organizationsFlow({ api, ok, auth, register, admin }: Flow): Promise<void> {
  const root = await ok(api.post(`${API}/auth/login`).send({ login: admin.username, password: admin.password }), 200);
  const operator = auth(root.access_token);
  const user = await register('orguser');
  const slug = `school-${randomUUID().slice(0, 8)}`;
  const body = {
    slug,
    name: 'A School',
    settings: { retention_days: 90 },
    admin: { username: 'head', email: 'head@school.example.com', password: 'head-password-1' },
  };
  await ok(api.post(`${API}/organizations`).set(auth(user.token)).send(body), 403);
  await ok(
    api
      .post(`${API}/organizations`)
      .set(operator)
      .send({ ...body, slug: 'Not A Slug' }),
    400,
  );
  const created = await ok(api.post(`${API}/organizations`).set(operator).send(body), 201);
  await ok(api.post(`${API}/organizations`).set(operator).send(body), 409);
  await ok(api.get(`${API}/organizations`).set(operator), 200);
  await ok(api.get(`${API}/organizations`).set(auth(user.token)), 403);
  const head = await ok(api.post(`${API}/auth/login`).send({ login: 'head', password: 'head-password-1', organization: slug }), 200);
  await ok(api.get(`${API}/organizations/${created.id}`).set(auth(head.access_token)), 200);
  await ok(api.get(`${API}/organizations/${created.id}`).set(auth(user.token)), 404);
  await ok(api.get(`${API}/organizations/not-a-uuid`).set(operator), 400);
  await ok(
    api
      .patch(`${API}/organizations/${created.id}`)
      .set(auth(head.access_token))
      .send({ name: 'The School', settings: { local_sign_in: true } }),
    200,
  );
  await ok(
    api
      .patch(`${API}/organizations/${created.id}`)
      .set(auth(head.access_token))
      .send({ settings: { retention_days: -1 } }),
    400,
  );
  await ok(api.patch(`${API}/organizations/${randomUUID()}`).set(operator).send({ name: 'x' }), 404);
  await ok(api.get(`${API}/organizations`), 401);
}
