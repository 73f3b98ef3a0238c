import { randomUUID } from 'node:crypto';
import { API } from '../support/test-app';
import type { Flow } from './flow';

/** Legal holds (docs/compliance.md): create, list, get, release, and a held room's refused deletion. */
export async function legalHoldsFlow({ api, ok, auth, register, admin }: Flow): Promise<void> {
  const root = auth((await ok(api.post(`${API}/auth/login`).send({ login: admin.username, password: admin.password }), 200)).access_token);
  const owner = await register('lhowner');
  const room = await ok(api.post(`${API}/rooms`).set(auth(owner.token)).send({ name: 'Held', room_type: 'GROUP' }), 201);
  const holds = `${API}/admin/legal-holds`;
  await ok(
    api
      .post(holds)
      .set(auth(owner.token))
      .send({ name: 'x', reason: 'y', room_ids: [room.id] }),
    403,
  );
  await ok(api.post(holds).set(root).send({ name: 'x', reason: 'y' }), 400);
  await ok(
    api
      .post(holds)
      .set(root)
      .send({ name: 'x', reason: 'y', user_ids: [randomUUID()] }),
    404,
  );
  const hold = await ok(
    api
      .post(holds)
      .set(root)
      .send({ name: 'Matter', reason: 'Complaint', user_ids: [owner.id], room_ids: [room.id] }),
    201,
  );
  await ok(api.delete(`${API}/rooms/${room.id}`).set(auth(owner.token)), 409);
  const page = await ok(api.get(`${holds}?limit=1`).set(root), 200);
  expect(page.results[0].id).toBe(hold.id);
  await ok(api.get(`${holds}/${hold.id}`).set(root), 200);
  await ok(api.get(`${holds}/${randomUUID()}`).set(root), 404);
  await ok(api.post(`${holds}/${hold.id}/release`).set(root), 200);
  await ok(api.post(`${holds}/${hold.id}/release`).set(root), 409);
}
