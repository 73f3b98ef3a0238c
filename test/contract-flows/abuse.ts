import { randomUUID } from 'node:crypto';
import { API } from '../support/test-app';
import type { Flow } from './flow';

/** Bans and unbans, a room's pending invitations and their withdrawal, and support agents made by an admin. */
export async function bansInvitationsUserTypes({ api, ok, auth, register, admin }: Flow): Promise<void> {
  const root = await ok(api.post(`${API}/auth/login`).send({ login: admin.username, password: admin.password }), 200);
  const [owner, bob, carol] = [await register('banowner'), await register('banbob'), await register('bancarol')];
  const room = await ok(
    api
      .post(`${API}/rooms`)
      .set(auth(owner.token))
      .send({ name: 'Guarded', room_type: 'GROUP', participants: [bob.id] }),
    201,
  );

  await ok(api.delete(`${API}/rooms/${room.id}/members/${bob.id}?ban=true`).set(auth(owner.token)), 204);
  await ok(api.get(`${API}/rooms/${room.id}/bans`).set(auth(owner.token)), 200);
  await ok(api.get(`${API}/rooms/${room.id}/bans`).set(auth(carol.token)), 403);
  await ok(
    api
      .post(`${API}/rooms/${room.id}/members`)
      .set(auth(owner.token))
      .send({ user_ids: [bob.id] }),
    409,
  );
  await ok(api.delete(`${API}/rooms/${room.id}/bans/${bob.id}`).set(auth(owner.token)), 204);
  await ok(api.delete(`${API}/rooms/${room.id}/bans/${randomUUID()}`).set(auth(owner.token)), 404);

  const invitation = await ok(api.post(`${API}/rooms/${room.id}/invitations`).set(auth(owner.token)).send({ user_id: carol.id }), 201);
  await ok(api.get(`${API}/rooms/${room.id}/invitations`).set(auth(owner.token)), 200);
  await ok(api.get(`${API}/rooms/${room.id}/invitations`).set(auth(carol.token)), 403);
  await ok(api.delete(`${API}/rooms/${room.id}/invitations/${invitation.id}`).set(auth(owner.token)), 204);
  await ok(api.delete(`${API}/rooms/${room.id}/invitations/${randomUUID()}`).set(auth(owner.token)), 404);

  await ok(api.patch(`${API}/users/${carol.id}`).set(auth(root.access_token)).send({ user_type: 'support' }), 200);
  await ok(api.patch(`${API}/users/${carol.id}`).set(auth(owner.token)).send({ user_type: 'support' }), 403);
  await ok(api.patch(`${API}/users/${carol.id}`).set(auth(root.access_token)).send({ user_type: 'wizard' }), 400);
}
