import { randomUUID } from 'node:crypto';
import { API } from '../support/test-app';
import type { Flow } from './flow';

/** Reactions, threads, mentions, pins and search across rooms, each answer checked against the document. */
export async function messageFeatures({ api, ok, auth, register }: Flow): Promise<void> {
  const [owner, bob, eve] = [await register('featowner'), await register('featbob'), await register('featewe')];
  const room = await ok(
    api
      .post(`${API}/rooms`)
      .set(auth(owner.token))
      .send({ name: 'Features', room_type: 'GROUP', participants: [bob.id] }),
    201,
  );
  const send = (token: string, body: Record<string, unknown>) => ok(api.post(`${API}/rooms/${room.id}/messages`).set(auth(token)).send(body), 201);
  const root = await send(owner.token, { content: `apples for @${bob.username}` });
  await send(bob.token, { content: 'a thread reply', thread_root_id: root.id });

  const reaction = `${API}/rooms/${room.id}/messages/${root.id}/reactions/${encodeURIComponent('👍')}`;
  await ok(api.put(reaction).set(auth(bob.token)), 200);
  await ok(api.get(reaction).set(auth(owner.token)), 200);
  await ok(api.get(reaction).set(auth(eve.token)), 403);
  await ok(api.put(`${API}/rooms/${room.id}/messages/${root.id}/reactions/nope`).set(auth(bob.token)), 400);
  await ok(api.delete(reaction).set(auth(bob.token)), 204);

  await ok(api.get(`${API}/rooms/${room.id}/messages/${root.id}/thread`).set(auth(owner.token)), 200);
  await ok(api.get(`${API}/rooms/${room.id}/messages/${randomUUID()}/thread`).set(auth(owner.token)), 404);

  await ok(api.get(`${API}/users/me/mentions`).set(auth(bob.token)), 200);

  await ok(api.put(`${API}/rooms/${room.id}/pins/${root.id}`).set(auth(owner.token)), 200);
  await ok(api.put(`${API}/rooms/${room.id}/pins/${root.id}`).set(auth(bob.token)), 403);
  await ok(api.get(`${API}/rooms/${room.id}/pins`).set(auth(bob.token)), 200);
  await ok(api.delete(`${API}/rooms/${room.id}/pins/${root.id}`).set(auth(owner.token)), 204);

  await ok(api.get(`${API}/messages/search?q=apple`).set(auth(bob.token)), 200);
  await ok(api.get(`${API}/messages/search`).set(auth(bob.token)), 400);
}
