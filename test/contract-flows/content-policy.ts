import { randomUUID } from 'node:crypto';
import { API } from '../support/test-app';
import type { Flow } from './flow';

/** Content rules, the deployment's and a room's, and a send they block (docs/compliance.md). */
export async function contentPolicyFlow({ api, ok, auth, register, admin }: Flow): Promise<void> {
  const root = await ok(api.post(`${API}/auth/login`).send({ login: admin.username, password: admin.password }), 200);
  const [owner, bob] = [await register('powner'), await register('pbob')];
  const room = await ok(
    api
      .post(`${API}/rooms`)
      .set(auth(owner.token))
      .send({ name: 'Policy', room_type: 'GROUP', participants: [bob.id] }),
    201,
  );
  const admins = `${API}/admin/content-rules`;
  await ok(api.get(admins).set(auth(owner.token)), 403);
  await ok(api.post(admins).set(auth(root.access_token)).send({ kind: 'regex', action: 'block', pattern: '(' }), 400);
  const global = await ok(
    api
      .post(admins)
      .set(auth(root.access_token))
      .send({ kind: 'links', action: 'flag', link_mode: 'deny', domains: ['never.example'], enabled: false }),
    201,
  );
  await ok(api.get(admins).set(auth(root.access_token)), 200);
  await ok(api.patch(`${admins}/${global.id}`).set(auth(root.access_token)).send({ name: 'links' }), 200);
  await ok(api.patch(`${admins}/${randomUUID()}`).set(auth(root.access_token)).send({ name: 'x' }), 404);
  await ok(api.delete(`${admins}/${randomUUID()}`).set(auth(root.access_token)), 404);
  await ok(api.delete(`${admins}/${global.id}`).set(auth(root.access_token)), 204);

  const rules = `${API}/rooms/${room.id}/content-rules`;
  await ok(
    api
      .post(rules)
      .set(auth(bob.token))
      .send({ kind: 'words', action: 'block', words: ['nope'] }),
    403,
  );
  const rule = await ok(
    api
      .post(rules)
      .set(auth(owner.token))
      .send({ kind: 'words', action: 'block', words: ['nope'] }),
    201,
  );
  await ok(api.get(rules).set(auth(owner.token)), 200);
  await ok(api.get(`${API}/rooms/${randomUUID()}/content-rules`).set(auth(owner.token)), 404);
  await ok(
    api
      .patch(`${rules}/${rule.id}`)
      .set(auth(owner.token))
      .send({ words: ['nope', 'nah'] }),
    200,
  );
  await ok(api.patch(`${rules}/${rule.id}`).set(auth(owner.token)).send({ pattern: 'x' }), 400);
  const messages = `${API}/rooms/${room.id}/messages`;
  const blocked = await ok(api.post(messages).set(auth(bob.token)).send({ content: 'N O P E' }), 422);
  expect(blocked.rule_id).toBe(rule.id);
  const message = await ok(api.post(messages).set(auth(bob.token)).send({ content: 'fine' }), 201);
  await ok(api.patch(`${messages}/${message.id}`).set(auth(bob.token)).send({ content: 'nah' }), 422);
  await ok(api.delete(`${rules}/${rule.id}`).set(auth(bob.token)), 403);
  await ok(api.delete(`${rules}/${rule.id}`).set(auth(owner.token)), 204);

  // A hold rule and the review queue.
  await ok(
    api
      .post(rules)
      .set(auth(owner.token))
      .send({ kind: 'words', action: 'hold', words: ['review'] }),
    201,
  );
  const held = await ok(api.post(messages).set(auth(bob.token)).send({ content: 'please review' }), 201);
  expect(held.visibility).toBe('held');
  const other = await ok(api.post(messages).set(auth(bob.token)).send({ content: 'review this too' }), 201);
  const queue = `${API}/rooms/${room.id}/held-messages`;
  await ok(api.get(queue).set(auth(bob.token)), 403);
  await ok(api.get(`${queue}?limit=1`).set(auth(owner.token)), 200);
  await ok(api.get(`${queue}?limit=0`).set(auth(owner.token)), 400);
  await ok(api.post(`${queue}/${randomUUID()}/approve`).set(auth(owner.token)), 404);
  await ok(api.post(`${queue}/${held.id}/approve`).set(auth(bob.token)), 403);
  const approved = await ok(api.post(`${queue}/${held.id}/approve`).set(auth(owner.token)), 200);
  expect(approved.visibility).toBe('visible');
  await ok(api.post(`${queue}/${held.id}/approve`).set(auth(owner.token)), 409);
  await ok(api.post(`${queue}/${other.id}/reject`).set(auth(owner.token)).send({ reason: 'no' }), 204);
  await ok(api.post(`${queue}/${other.id}/reject`).set(auth(owner.token)), 409);
}
