import { randomUUID } from 'node:crypto';
import { API } from '../support/test-app';
import type { Flow, Json } from './flow';

/** Sending (with idempotent retries), opening the room, history pages both ways, search, edits, deletes, receipts, read positions. */
export async function messagesAndHistory({ api, ok, auth, register }: Flow): Promise<void> {
  const [owner, bob, outsider] = [await register('mowner'), await register('mbob'), await register('mout')];
  const room = await ok(
    api
      .post(`${API}/rooms`)
      .set(auth(owner.token))
      .send({ name: 'Chat', room_type: 'GROUP', participants: [bob.id] }),
    201,
  );
  const messages = `${API}/rooms/${room.id}/messages`;
  const first = await ok(
    api
      .post(messages)
      .set(auth(owner.token))
      .send({ content: 'hello parley world', client_message_id: 'c-1', meta: { kind: 'greeting' } }),
    201,
  );
  await ok(api.post(messages).set(auth(owner.token)).send({ content: 'hello parley world', client_message_id: 'c-1' }), 200);
  await ok(api.post(messages).set(auth(bob.token)).send({ content: 'a reply', reply_to_id: first.id }), 201);
  await ok(api.post(messages).set(auth(bob.token)).send({ content: '' }), 400);
  await ok(api.post(messages).set(auth(outsider.token)).send({ content: 'let me in' }), 403);

  const newest = await ok(api.get(`${messages}?limit=1`).set(auth(bob.token)), 200);
  expect(newest.next).toEqual(expect.any(String));
  await ok(api.get(`${messages}?before=${newest.results[0].seq}&limit=100`).set(auth(bob.token)), 200);
  await ok(api.get(`${messages}?after=0`).set(auth(bob.token)), 200);
  await ok(api.get(`${messages}?limit=101`).set(auth(bob.token)), 400);
  const opened = await ok(api.get(`${API}/rooms/${room.id}/open?limit=1&members_limit=1`).set(auth(bob.token)), 200);
  expect(opened.read).toEqual({ last_read_seq: expect.any(Number), unread_count: expect.any(Number) });
  await ok(api.get(`${API}/rooms/${room.id}/open?members_limit=101`).set(auth(bob.token)), 400);
  await ok(api.get(`${API}/rooms/${room.id}/open`).set(auth(outsider.token)), 403);
  const found = await ok(api.get(`${messages}/search?q=parley&limit=10`).set(auth(bob.token)), 200);
  expect(found.results.map((m: Json) => m.id)).toEqual([first.id]);
  await ok(api.get(`${messages}/search`).set(auth(bob.token)), 400);
  await ok(api.get(`${messages}/${first.id}`).set(auth(bob.token)), 200);
  await ok(api.get(`${messages}/${randomUUID()}`).set(auth(bob.token)), 404);
  await ok(api.patch(`${messages}/${first.id}`).set(auth(owner.token)).send({ content: 'hello, edited' }), 200);
  await ok(api.patch(`${messages}/${first.id}`).set(auth(bob.token)).send({ content: 'not mine' }), 403);
  await ok(api.post(`${API}/rooms/${room.id}/read`).set(auth(bob.token)).send({ seq: first.seq }), 200);
  await ok(api.post(`${API}/rooms/${room.id}/read`).set(auth(bob.token)), 200);
  await ok(api.get(`${messages}/${first.id}/receipts`).set(auth(owner.token)), 200);
  await ok(api.get(`${API}/users/me/unread`).set(auth(owner.token)), 200);
  await ok(api.delete(`${messages}/${first.id}`).set(auth(owner.token)), 204);
  await ok(api.patch(`${messages}/${first.id}`).set(auth(owner.token)).send({ content: 'too late' }), 409);
}
