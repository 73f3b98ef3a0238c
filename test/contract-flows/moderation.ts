import { randomUUID } from 'node:crypto';
import { API } from '../support/test-app';
import type { Flow } from './flow';

/** Reports and their resolution, archive, audit logs, blocks and the data export. */
export async function moderationBlocksAudit({ api, ok, auth, register, admin }: Flow): Promise<void> {
  const root = await ok(api.post(`${API}/auth/login`).send({ login: admin.username, password: admin.password }), 200);
  const [owner, bob, carol] = [await register('modowner'), await register('modbob'), await register('modcarol')];
  const room = await ok(
    api
      .post(`${API}/rooms`)
      .set(auth(owner.token))
      .send({ name: 'Moderated', room_type: 'COURSE', participants: [bob.id, carol.id] }),
    201,
  );
  const message = await ok(api.post(`${API}/rooms/${room.id}/messages`).set(auth(bob.token)).send({ content: 'buy cheap watches' }), 201);

  const report = await ok(
    api.post(`${API}/rooms/${room.id}/messages/${message.id}/report`).set(auth(carol.token)).send({ reason: 'spam', details: 'an ad' }),
    201,
  );
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
}
