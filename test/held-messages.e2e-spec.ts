import { randomUUID } from 'node:crypto';
import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ack, ClientSocket, connect, eventually, record } from './support/sockets';
import { withClient } from './support/test-database';
import { API, startTestApp, TestApp } from './support/test-app';

const ADMIN = { ADMIN_USERNAME: 'reviewer', ADMIN_PASSWORD: 'reviewer-officer-pw', ADMIN_EMAIL: 'reviewer@example.com' };

interface Wire {
  id: string;
  seq: number;
  content: string;
  type: string;
  deleted: boolean;
  visibility: string;
}

/**
 * One visibility rule (docs/compliance.md): a message a hold rule holds, and every message of a user under
 * a shadow suspension, is seen by its sender and the room's moderators only, over every read and transport;
 * approving a held message publishes it. Each "nobody else" check sends a visible marker after the hidden
 * message and waits for the marker, so an event that was going to arrive has arrived.
 */
describe('Held and shadowed messages (e2e)', () => {
  let t: TestApp;
  let owner: TestUser;
  let sender: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let root: { Authorization: string };
  let rootAccess: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    // Webhook deliveries and notification plans stay in their tables for the checks below.
    t = await startTestApp({ ...ADMIN, WEBHOOK_WORKER: 'false', NOTIFICATION_WORKER: 'false', WEBHOOK_ALLOW_PRIVATE: 'true' });
    owner = await registerUser(t.http);
    sender = await registerUser(t.http);
    member = await registerUser(t.http);
    outsider = await registerUser(t.http);
    const login = await t.http.post(`${API}/auth/login`).send({ login: ADMIN.ADMIN_USERNAME, password: ADMIN.ADMIN_PASSWORD }).expect(200);
    rootAccess = login.body.access_token;
    root = { Authorization: `Bearer ${rootAccess}` };
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await t.close();
  });

  const sql = (text: string, params: unknown[] = []) => withClient(t.databaseUrl, (c) => c.query(text, params));
  const socketOf = async (access: string) => {
    const socket = await connect(t.baseUrl, access);
    sockets.push(socket);
    return socket;
  };
  /** A private room: owner (a moderator), sender and member. */
  const room = async () => (await createRoom(t.http, owner, { name: `Review ${randomUUID().slice(0, 6)}`, participants: [sender.id, member.id] })).id;
  const holdRule = (roomId: string, words = ['needs-review']) =>
    t.http.post(`${API}/rooms/${roomId}/content-rules`).set(owner.auth).send({ kind: 'words', action: 'hold', words }).expect(201);
  const post = (roomId: string, content: string, who: TestUser = sender) =>
    t.http.post(`${API}/rooms/${roomId}/messages`).set(who.auth).send({ content });
  const historyOf = async (roomId: string, who: { Authorization: string }) =>
    ((await t.http.get(`${API}/rooms/${roomId}/messages?thread_replies=true`).set(who).expect(200)).body.results as Wire[]).filter(
      (m) => m.type === 'text',
    );
  const idsOf = (messages: { id: string }[]) => messages.map((m) => m.id);
  const held = (roomId: string, query = '') => t.http.get(`${API}/rooms/${roomId}/held-messages${query}`);
  const approve = (roomId: string, messageId: string) => t.http.post(`${API}/rooms/${roomId}/held-messages/${messageId}/approve`);
  const reject = (roomId: string, messageId: string) => t.http.post(`${API}/rooms/${roomId}/held-messages/${messageId}/reject`);
  const deliveries = async (messageId: string) =>
    Number(
      (
        await sql(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE event_type = 'message.created' AND subject->>'message_id' = $1`, [
          messageId,
        ])
      ).rows[0].n,
    );
  const plans = async (messageId: string) =>
    Number((await sql(`SELECT count(*)::int AS n FROM notification_plans WHERE message_id = $1`, [messageId])).rows[0].n);

  beforeAll(async () => {
    // An endpoint for every event type: only visible messages may queue a delivery.
    await t.http.post(`${API}/admin/webhooks`).set(root).send({ url: 'http://127.0.0.1:9/hook' }).expect(201);
  });

  describe('hold', () => {
    it('shows a held message to its sender and the moderators only: REST history, permalink, sync, search, mentions, counts and the socket', async () => {
      const roomId = await room();
      await holdRule(roomId);
      const [senderSocket, ownerSocket, memberSocket, rootSocket] = await Promise.all(
        [sender.access, owner.access, member.access, rootAccess].map((access) => socketOf(access)),
      );
      await ack(rootSocket, 'room:join', { room_id: roomId }); // a global admin watching the room still hears only through its own channel
      const heard = [senderSocket, ownerSocket, memberSocket, rootSocket].map((s) => record<Wire>(s, 'message:new'));
      const mentions = record<{ message: Wire }>(memberSocket, 'mention');

      const sent = await post(roomId, `@${member.username} this needs-review please`).expect(201);
      expect(sent.body).toMatchObject({ visibility: 'held', content: `@${member.username} this needs-review please` });
      const acked = await ack<Wire>(senderSocket, 'message:send', { room_id: roomId, content: 'socket needs-review too' });
      expect(acked).toMatchObject({ ok: true, data: { visibility: 'held' } });
      const marker = await send(t.http, sender, roomId, 'a plain message after them');
      const hidden = [sent.body.id as string, acked.data!.id];

      // The hidden ones go out to their few sockets after a lookup: wait for them, then for the member's marker.
      await eventually(() => [0, 1, 3].forEach((i) => expect(idsOf(heard[i]).sort()).toEqual([...hidden, marker.id].sort())));
      await eventually(() => expect(idsOf(heard[2])).toContain(marker.id));
      expect(idsOf(heard[2])).toEqual([marker.id]);
      expect(heard[0].find((m) => m.id === hidden[0])?.visibility).toBe('held');
      expect(mentions).toEqual([]);

      for (const who of [sender.auth, owner.auth, root]) expect(idsOf(await historyOf(roomId, who))).toEqual([...hidden, marker.id]);
      expect(idsOf(await historyOf(roomId, member.auth))).toEqual([marker.id]);

      const permalink = await t.http.get(`${API}/rooms/${roomId}/messages/${hidden[0]}`).set(member.auth).expect(404);
      expect(permalink.body.code).toBe('message_not_found');
      await t.http.get(`${API}/rooms/${roomId}/messages/${hidden[0]}`).set(sender.auth).expect(200);
      await t.http.get(`${API}/rooms/${roomId}/messages/${hidden[0]}/receipts`).set(member.auth).expect(404);
      await t.http
        .put(`${API}/rooms/${roomId}/messages/${hidden[0]}/reactions/${encodeURIComponent('👍')}`)
        .set(member.auth)
        .expect(404);
      await t.http.post(`${API}/rooms/${roomId}/messages`).set(member.auth).send({ content: 'replying', reply_to_id: hidden[0] }).expect(400);

      const synced = async (socket: ClientSocket) =>
        idsOf(
          (await ack<{ rooms: Record<string, { messages: Wire[] }> }>(socket, 'sync', { rooms: { [roomId]: 0 } })).data!.rooms[
            roomId
          ].messages.filter((m) => m.type === 'text'),
        );
      expect(await synced(memberSocket)).toEqual([marker.id]);
      expect(await synced(senderSocket)).toEqual([...hidden, marker.id]);
      expect(await synced(ownerSocket)).toEqual([...hidden, marker.id]);

      const search = async (who: { Authorization: string }) =>
        idsOf((await t.http.get(`${API}/rooms/${roomId}/messages/search?q=review`).set(who).expect(200)).body.results);
      expect(await search(member.auth)).toEqual([]);
      expect(await search(owner.auth)).toEqual(expect.arrayContaining(hidden));
      const everywhere = async (who: { Authorization: string }) =>
        (await t.http.get(`${API}/messages/search?q=review`).set(who).expect(200)).body.results.map((r: { message: Wire }) => r.message.id);
      expect(await everywhere(member.auth)).not.toContain(hidden[0]);
      expect(await everywhere(owner.auth)).toContain(hidden[0]);

      const mentioned = await t.http.get(`${API}/users/me/mentions`).set(member.auth).expect(200);
      expect(idsOf(mentioned.body.results)).not.toContain(hidden[0]);
      const roomView = await t.http.get(`${API}/rooms/${roomId}`).set(member.auth).expect(200);
      expect(roomView.body).toMatchObject({ unread_mentions: 0, unread_count: 1, last_message: expect.objectContaining({ id: marker.id }) });

      expect(await deliveries(hidden[0])).toBe(0);
      expect(await plans(hidden[0])).toBe(0);
      expect(await deliveries(marker.id)).toBe(1);
    });

    it('delivers an approved message live to a member as a new message with the next seq, mentions, webhooks and notifications; audited', async () => {
      const roomId = await room();
      await holdRule(roomId);
      const memberSocket = await socketOf(member.access);
      const heard = record<Wire>(memberSocket, 'message:new');
      const mentions = record<{ room_id: string; message: Wire }>(memberSocket, 'mention');
      const sent = (await post(roomId, `@${member.username} needs-review, thanks`).expect(201)).body as Wire;
      const later = await send(t.http, sender, roomId, 'said after it');

      const approved = await approve(roomId, sent.id).set(owner.auth).expect(200);
      expect(approved.body).toMatchObject({ id: sent.id, visibility: 'visible' });
      expect(approved.body.seq).toBeGreaterThan(later.seq);
      await eventually(() => expect(heard.find((m) => m.id === sent.id)).toMatchObject({ visibility: 'visible', seq: approved.body.seq }));
      await eventually(() => expect(mentions.map((m) => m.message.id)).toEqual([sent.id]));
      expect(idsOf(await historyOf(roomId, member.auth))).toEqual([later.id, sent.id]);
      expect(await deliveries(sent.id)).toBe(1);
      expect(await plans(sent.id)).toBe(1);
      const roomView = await t.http.get(`${API}/rooms/${roomId}`).set(member.auth).expect(200);
      expect(roomView.body).toMatchObject({
        last_message: expect.objectContaining({ id: sent.id }),
        last_seq: approved.body.seq,
        unread_mentions: 1,
      });

      expect((await approve(roomId, sent.id).set(owner.auth).expect(409)).body.code).toBe('conflict');
      const audit = await t.http.get(`${API}/rooms/${roomId}/audit`).set(owner.auth).expect(200);
      expect(audit.body.results).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'message.approved', target_id: sent.id })]));
    });

    it('counts a held thread reply on its root only once approved, and marks hidden messages in the exports', async () => {
      const roomId = await room();
      await holdRule(roomId);
      const rootMessage = await send(t.http, owner, roomId, 'a thread root');
      const reply = await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(sender.auth)
        .send({ content: 'a reply that needs-review', thread_root_id: rootMessage.id })
        .expect(201);
      expect(reply.body.visibility).toBe('held');
      const rootOf = async () => (await t.http.get(`${API}/rooms/${roomId}/messages/${rootMessage.id}`).set(member.auth).expect(200)).body;
      expect(await rootOf()).toMatchObject({ reply_count: 0, thread_participants: [] });
      const thread = async (who: { Authorization: string }) =>
        idsOf((await t.http.get(`${API}/rooms/${roomId}/messages/${rootMessage.id}/thread`).set(who).expect(200)).body.results);
      expect(await thread(member.auth)).toEqual([]);
      expect(await thread(sender.auth)).toEqual([reply.body.id]);

      const mine = JSON.parse((await t.http.get(`${API}/users/me/export`).set(sender.auth).expect(200)).text);
      expect(mine.messages).toEqual(expect.arrayContaining([expect.objectContaining({ id: reply.body.id, visibility: 'held' })]));

      await approve(roomId, reply.body.id).set(owner.auth).expect(200);
      expect(await rootOf()).toMatchObject({ reply_count: 1, thread_participants: [sender.id] });
      expect(await thread(member.auth)).toEqual([reply.body.id]);
    });

    it('rejects a held message: deleted for its sender, never seen by the room, audited', async () => {
      const roomId = await room();
      await holdRule(roomId);
      const senderSocket = await socketOf(sender.access);
      const deleted = record<Wire>(senderSocket, 'message:deleted');
      const sent = (await post(roomId, 'this needs-review').expect(201)).body as Wire;
      await reject(roomId, sent.id).set(owner.auth).send({ reason: 'off topic' }).expect(204);
      await eventually(() => expect(deleted.map((m) => m.id)).toEqual([sent.id]));
      expect((await historyOf(roomId, sender.auth)).find((m) => m.id === sent.id)).toMatchObject({ deleted: true, content: '' });
      expect(idsOf(await historyOf(roomId, member.auth))).toEqual([]);
      expect((await held(roomId).set(owner.auth).expect(200)).body.results).toEqual([]);
      await reject(roomId, sent.id).set(owner.auth).expect(409);
      await approve(roomId, sent.id).set(owner.auth).expect(409);
      const audit = await t.http.get(`${API}/rooms/${roomId}/audit`).set(owner.auth).expect(200);
      expect(audit.body.results).toEqual(
        expect.arrayContaining([expect.objectContaining({ action: 'message.rejected', target_id: sent.id, reason: 'off topic' })]),
      );
    });

    it('lists the queue oldest first by keyset, to moderators only', async () => {
      const roomId = await room();
      await holdRule(roomId);
      const ids: string[] = [];
      for (const n of [1, 2, 3]) ids.push((await post(roomId, `needs-review ${n}`).expect(201)).body.id);
      await send(t.http, sender, roomId, 'not held');
      const first = await held(roomId, '?limit=2').set(owner.auth).expect(200);
      expect(idsOf(first.body.results)).toEqual(ids.slice(0, 2));
      expect(first.body.next).toContain(`after=${first.body.results[1].seq}`);
      const rest = await held(roomId, `?after=${first.body.results[1].seq}&limit=2`).set(root).expect(200);
      expect(idsOf(rest.body.results)).toEqual([ids[2]]);
      expect(rest.body.next).toBeNull();
    });

    it('refuses: 401 without a token, 403 for members, 404 for outsiders and unknown ids, 400 for malformed input, 409 for a visible message', async () => {
      const roomId = await room();
      await holdRule(roomId);
      const sent = (await post(roomId, 'needs-review').expect(201)).body as Wire;
      const visible = await send(t.http, sender, roomId, 'fine');
      await held(roomId).expect(401);
      await approve(roomId, sent.id).expect(401);
      await reject(roomId, sent.id).expect(401);
      for (const who of [sender, member]) {
        expect((await held(roomId).set(who.auth).expect(403)).body.code).toBe('permission_denied');
        expect((await approve(roomId, sent.id).set(who.auth).expect(403)).body.code).toBe('permission_denied');
        expect((await reject(roomId, sent.id).set(who.auth).expect(403)).body.code).toBe('permission_denied');
      }
      expect((await held(roomId).set(outsider.auth).expect(404)).body.code).toBe('room_not_found');
      await approve(roomId, sent.id).set(outsider.auth).expect(404);
      await reject(roomId, sent.id).set(outsider.auth).expect(404);
      await held(randomUUID()).set(owner.auth).expect(404);
      expect((await approve(roomId, randomUUID()).set(owner.auth).expect(404)).body.code).toBe('message_not_found');
      await reject(roomId, randomUUID()).set(owner.auth).expect(404);
      const elsewhere = await room();
      await approve(elsewhere, sent.id).set(owner.auth).expect(404);
      await held('not-a-uuid').set(owner.auth).expect(400);
      await approve(roomId, 'not-a-uuid').set(owner.auth).expect(400);
      await held(roomId, '?limit=0').set(owner.auth).expect(400);
      await held(roomId, '?after=-1').set(owner.auth).expect(400);
      await reject(roomId, sent.id)
        .set(owner.auth)
        .send({ reason: 'x'.repeat(501) })
        .expect(400);
      expect((await approve(roomId, visible.id).set(owner.auth).expect(409)).body.code).toBe('conflict');
      expect((await reject(roomId, visible.id).set(owner.auth).expect(409)).body.code).toBe('conflict');
    });
  });

  describe('shadow suspension', () => {
    const suspension = (userId: string) => `${API}/admin/users/${userId}/suspension`;

    it('keeps the user signed in and posting over REST and the socket, their new messages seen by them and the moderators only', async () => {
      const shadowed = await registerUser(t.http);
      const roomId = (await createRoom(t.http, owner, { name: 'Shadow', participants: [shadowed.id, member.id] })).id;
      const [shadowSocket, ownerSocket, memberSocket] = await Promise.all([shadowed.access, owner.access, member.access].map((a) => socketOf(a)));
      const heard = [shadowSocket, ownerSocket, memberSocket].map((s) => record<Wire>(s, 'message:new'));
      const before = await send(t.http, shadowed, roomId, 'before the suspension');

      const made = await t.http.post(suspension(shadowed.id)).set(root).send({ reason: 'spamming', shadow: true }).expect(201);
      expect(made.body).toMatchObject({ user_id: shadowed.id, shadow: true });
      await t.http.get(`${API}/users/me`).set(shadowed.auth).expect(200);
      await t.http.post(`${API}/auth/login`).send({ login: shadowed.username, password: shadowed.password }).expect(200);
      await t.http.post(`${API}/auth/refresh`).send({ refresh_token: shadowed.refresh }).expect(200);
      await socketOf(shadowed.access);

      const rest = await post(roomId, 'buy my stuff', shadowed).expect(201);
      expect(rest.body.visibility).toBe('visible'); // never told
      const acked = await ack<Wire>(shadowSocket, 'message:send', { room_id: roomId, content: 'buy it now' });
      expect(acked).toMatchObject({ ok: true, data: { visibility: 'visible' } });
      const hidden = [rest.body.id as string, acked.data!.id];
      const marker = await send(t.http, owner, roomId, 'the owner speaks');

      const all = [before.id, ...hidden, marker.id].sort();
      await eventually(() => [0, 1].forEach((i) => expect(idsOf(heard[i]).sort()).toEqual(all)));
      await eventually(() => expect(idsOf(heard[2])).toContain(marker.id));
      expect(idsOf(heard[2])).toEqual([before.id, marker.id]);
      expect(heard[0].filter((m) => hidden.includes(m.id)).map((m) => m.visibility)).toEqual(['visible', 'visible']);
      expect(heard[1].filter((m) => hidden.includes(m.id)).map((m) => m.visibility)).toEqual(['shadow', 'shadow']);

      const mine = await historyOf(roomId, shadowed.auth);
      expect(idsOf(mine)).toEqual([before.id, ...hidden, marker.id]);
      expect(mine.map((m) => m.visibility)).toEqual(['visible', 'visible', 'visible', 'visible']);
      expect((await historyOf(roomId, owner.auth)).map((m) => m.visibility)).toEqual(['visible', 'shadow', 'shadow', 'visible']);
      expect(idsOf(await historyOf(roomId, member.auth))).toEqual([before.id, marker.id]);
      const sync = await ack<{ rooms: Record<string, { messages: Wire[] }> }>(memberSocket, 'sync', { rooms: { [roomId]: 0 } });
      expect(sync.data!.rooms[roomId].messages.map((m) => m.id)).not.toEqual(expect.arrayContaining([hidden[0]]));
      const search = async (who: { Authorization: string }) =>
        idsOf((await t.http.get(`${API}/rooms/${roomId}/messages/search?q=buy`).set(who).expect(200)).body.results);
      expect(await search(member.auth)).toEqual([]);
      expect((await search(owner.auth)).sort()).toEqual([...hidden].sort());
      expect((await approve(roomId, hidden[0]).set(owner.auth).expect(409)).body.code).toBe('conflict');
      expect(await deliveries(hidden[0])).toBe(0);

      // Lifting publishes nothing; what they send afterwards is seen by all.
      await t.http.delete(suspension(shadowed.id)).set(root).expect(204);
      const after = await send(t.http, shadowed, roomId, 'back to normal');
      expect(idsOf(await historyOf(roomId, member.auth))).toEqual([before.id, marker.id, after.id]);
    });

    it('answers a shadow suspension in GET, audits it, and lets a full suspension replace it', async () => {
      const target = await registerUser(t.http);
      await t.http.post(suspension(target.id)).set(root).send({ reason: 'quiet', shadow: true }).expect(201);
      expect((await t.http.get(suspension(target.id)).set(root).expect(200)).body).toMatchObject({ reason: 'quiet', shadow: true });
      await t.http.post(suspension(target.id)).set(root).send({ reason: 'again', shadow: true }).expect(409);
      await t.http.post(suspension(target.id)).set(root).send({ reason: 'x', shadow: 'yes' }).expect(400);
      const full = await t.http.post(suspension(target.id)).set(root).send({ reason: 'now for real' }).expect(201);
      expect(full.body.shadow).toBe(false);
      await t.http.post(`${API}/auth/login`).send({ login: target.username, password: target.password }).expect(403);
      const audit = await t.http.get(`${API}/admin/audit`).set(root).expect(200);
      expect(audit.body.results).toEqual(
        expect.arrayContaining([expect.objectContaining({ action: 'user.suspended', target_id: target.id, details: { until: null, shadow: true } })]),
      );
    });
  });
});
