import { randomUUID } from 'node:crypto';
import { API } from '../support/test-app';
import type { Flow, Json } from './flow';

/** Rooms of every kind, their lists and filters, members, roles, joining and leaving, invitations. */
export async function roomsMembersInvitations({ api, ok, auth, register }: Flow): Promise<void> {
  const [owner, bob, carol] = [await register('owner'), await register('bob'), await register('carol')];
  const room = await ok(
    api
      .post(`${API}/rooms`)
      .set(auth(owner.token))
      .send({ name: 'Team', room_type: 'GROUP', participants: [bob.id], meta: { course: 7 } }),
    201,
  );
  await ok(api.post(`${API}/rooms`).set(auth(owner.token)).send({ room_type: 'NOPE' }), 400);
  const open = await ok(
    api
      .post(`${API}/rooms`)
      .set(auth(owner.token))
      .send({ name: `Open ${randomUUID()}`, room_type: 'COURSE', visibility: 'public' }),
    201,
  );
  await ok(api.post(`${API}/rooms/direct`).set(auth(owner.token)).send({ user_id: carol.id }), 201);
  await ok(api.post(`${API}/rooms/direct`).set(auth(owner.token)).send({ user_id: carol.id }), 200);
  await ok(
    api
      .post(`${API}/rooms/initiate`)
      .set(auth(owner.token))
      .send({ user_ids: [bob.id, carol.id], room_type: 'GROUP' }),
    201,
  );
  await ok(
    api
      .post(`${API}/rooms/initiate`)
      .set(auth(owner.token))
      .send({ user_ids: [bob.id, carol.id], room_type: 'GROUP' }),
    200,
  );

  const mine = await ok(
    api.get(`${API}/rooms?search=Team&room_type=GROUP&is_active=true&ordering=-created_at&page=1&page_size=5`).set(auth(owner.token)),
    200,
  );
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
  await ok(
    api
      .post(`${API}/rooms/${room.id}/members`)
      .set(auth(owner.token))
      .send({ user_ids: [carol.id] }),
    201,
  );
  await ok(
    api
      .post(`${API}/rooms/${room.id}/members`)
      .set(auth(owner.token))
      .send({ user_ids: [carol.id] }),
    409,
  );
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
}
