import { randomUUID } from 'node:crypto';
import { API } from '../support/test-app';
import type { Flow } from './flow';

/** Edit history (a message's revisions) and deployment-wide suspension (docs/compliance.md). */
export async function complianceFlow({ api, ok, auth, register, admin }: Flow): Promise<void> {
  const root = await ok(api.post(`${API}/auth/login`).send({ login: admin.username, password: admin.password }), 200);
  const [owner, bob, carol] = [await register('cowner'), await register('cbob'), await register('ccarol')];
  const room = await ok(
    api
      .post(`${API}/rooms`)
      .set(auth(owner.token))
      .send({ name: 'Compliance', room_type: 'GROUP', participants: [bob.id, carol.id] }),
    201,
  );
  const messages = `${API}/rooms/${room.id}/messages`;
  const message = await ok(api.post(messages).set(auth(bob.token)).send({ content: 'first' }), 201);
  await ok(api.patch(`${messages}/${message.id}`).set(auth(bob.token)).send({ content: 'second' }), 200);
  await ok(api.patch(`${messages}/${message.id}`).set(auth(bob.token)).send({ content: 'third' }), 200);
  const page = await ok(api.get(`${messages}/${message.id}/revisions?limit=1`).set(auth(owner.token)), 200);
  expect(page.next).toEqual(expect.any(String));
  await ok(api.get(`${messages}/${message.id}/revisions?before=1`).set(auth(bob.token)), 200);
  await ok(api.get(`${messages}/${message.id}/revisions`).set(auth(carol.token)), 403);
  await ok(api.get(`${messages}/${randomUUID()}/revisions`).set(auth(owner.token)), 404);
  await ok(api.get(`${messages}/${message.id}/revisions?before=0`).set(auth(owner.token)), 400);
  const report = await ok(api.post(`${messages}/${message.id}/report`).set(auth(carol.token)).send({ reason: 'harassment' }), 201);
  const seen = await ok(api.get(`${API}/moderation/reports/${report.id}`).set(auth(owner.token)), 200);
  expect(seen.target_version).toBe(2);

  const suspension = `${API}/admin/users/${carol.id}/suspension`;
  await ok(api.post(suspension).set(auth(owner.token)).send({ reason: 'x' }), 403);
  await ok(api.post(suspension).set(auth(root.access_token)).send({ reason: '' }), 400);
  await ok(api.get(suspension).set(auth(root.access_token)), 404);
  await ok(
    api
      .post(suspension)
      .set(auth(root.access_token))
      .send({ reason: 'abuse', until: new Date(Date.now() + 60_000).toISOString() }),
    201,
  );
  await ok(api.post(suspension).set(auth(root.access_token)).send({ reason: 'abuse' }), 409);
  await ok(api.get(suspension).set(auth(root.access_token)), 200);
  await ok(api.get(`${API}/users/me`).set(auth(carol.token)), 403);
  await ok(api.delete(suspension).set(auth(root.access_token)), 204);
  await ok(api.delete(suspension).set(auth(root.access_token)), 404);
  await ok(api.post(`${API}/admin/users/${randomUUID()}/suspension`).set(auth(root.access_token)).send({ reason: 'x' }), 404);
}
