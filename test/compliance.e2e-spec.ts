import { randomUUID } from 'node:crypto';
import { RetentionService } from '../src/operations/retention/retention.service';
import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ack, ClientSocket, connect, disconnected } from './support/sockets';
import { withClient } from './support/test-database';
import { API, startTestApp, TestApp } from './support/test-app';

const ADMIN = { ADMIN_USERNAME: 'compliance', ADMIN_PASSWORD: 'compliance-officer-pw', ADMIN_EMAIL: 'co@example.com' };

interface Revision {
  version: number;
  content: string;
  replaced_by: string;
}

describe('Compliance: edit history and suspension (e2e)', () => {
  let t: TestApp;
  let owner: TestUser;
  let sender: TestUser;
  let other: TestUser;
  let outsider: TestUser;
  let root: { Authorization: string };
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp({ ...ADMIN, RETENTION_DAYS: '30' });
    owner = await registerUser(t.http);
    sender = await registerUser(t.http);
    other = await registerUser(t.http);
    outsider = await registerUser(t.http);
    const login = await t.http.post(`${API}/auth/login`).send({ login: ADMIN.ADMIN_USERNAME, password: ADMIN.ADMIN_PASSWORD }).expect(200);
    root = { Authorization: `Bearer ${login.body.access_token}` };
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await t.close();
  });

  const sql = (text: string, params: unknown[] = []) => withClient(t.databaseUrl, (c) => c.query(text, params));
  const room = () => createRoom(t.http, owner, { name: `Class ${randomUUID().slice(0, 6)}`, participants: [sender.id, other.id] });
  const edit = (roomId: string, messageId: string, content: string, who = sender) =>
    t.http.patch(`${API}/rooms/${roomId}/messages/${messageId}`).set(who.auth).send({ content });
  const revisions = (roomId: string, messageId: string, who: { Authorization: string }, query = '') =>
    t.http.get(`${API}/rooms/${roomId}/messages/${messageId}/revisions${query}`).set(who);

  it('keeps harassment that was edited away visible to the room moderators and global admins', async () => {
    const { id: roomId } = await room();
    const message = await send(t.http, sender, roomId, 'you are worthless and everyone hates you');
    await edit(roomId, message.id, 'you are ok').expect(200);
    await edit(roomId, message.id, 'hello').expect(200);

    const history = await t.http.get(`${API}/rooms/${roomId}/messages/${message.id}`).set(other.auth).expect(200);
    expect(history.body.content).toBe('hello');
    for (const moderator of [owner.auth, root]) {
      const res = await revisions(roomId, message.id, moderator).expect(200);
      expect(res.body.current_version).toBe(2);
      expect(res.body.next).toBeNull();
      expect(res.body.results.map((r: Revision) => [r.version, r.content, r.replaced_by])).toEqual([
        [1, 'you are ok', 'edit'],
        [0, 'you are worthless and everyone hates you', 'edit'],
      ]);
      expect(res.body.results[1]).toMatchObject({ written_at: message.created_at, meta: {} });
    }
    // The sender sees their own history too.
    await revisions(roomId, message.id, sender.auth).expect(200);
  });

  it('keeps the version replaced by a socket edit as well (one edit path)', async () => {
    const { id: roomId } = await room();
    const message = await send(t.http, sender, roomId, 'first words');
    const socket = await connect(t.baseUrl, sender.access);
    sockets.push(socket);
    const acked = await ack(socket, 'message:edit', { room_id: roomId, message_id: message.id, content: 'second words' });
    expect(acked.ok).toBe(true);
    const res = await revisions(roomId, message.id, owner.auth).expect(200);
    expect(res.body.results).toEqual([expect.objectContaining({ version: 0, content: 'first words', replaced_by: 'edit' })]);
  });

  it('pages by version, newest first', async () => {
    const { id: roomId } = await room();
    const message = await send(t.http, sender, roomId, 'v0');
    for (const text of ['v1', 'v2', 'v3']) await edit(roomId, message.id, text).expect(200);
    const first = await revisions(roomId, message.id, owner.auth, '?limit=2').expect(200);
    expect(first.body.results.map((r: Revision) => r.content)).toEqual(['v2', 'v1']);
    const next = new URL(first.body.next);
    expect(next.searchParams.get('before')).toBe('1');
    const second = await revisions(roomId, message.id, owner.auth, `${next.search}`).expect(200);
    expect(second.body.results.map((r: Revision) => r.content)).toEqual(['v0']);
    expect(second.body.next).toBeNull();
  });

  it('numbers concurrent edits one after another, and a deletion racing them keeps the last text', async () => {
    const { id: roomId } = await room();
    const message = await send(t.http, sender, roomId, 'v0');
    const edits = await Promise.all(Array.from({ length: 6 }, (_, i) => edit(roomId, message.id, `concurrent ${i}`)));
    expect(edits.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const kept = await revisions(roomId, message.id, owner.auth).expect(200);
    expect(kept.body.results.map((r: Revision) => r.version)).toEqual([5, 4, 3, 2, 1, 0]);
    expect(kept.body.current_version).toBe(6);

    const raced = await send(t.http, sender, roomId, 'race');
    const [edited, deleted] = await Promise.all([
      edit(roomId, raced.id, 'raced edit'),
      t.http.delete(`${API}/rooms/${roomId}/messages/${raced.id}`).set(owner.auth),
    ]);
    expect([200, 409]).toContain(edited.status);
    expect(deleted.status).toBe(204);
    const last = await revisions(roomId, raced.id, owner.auth).expect(200);
    expect(last.body.results[0]).toMatchObject({ replaced_by: 'delete', content: edited.status === 200 ? 'raced edit' : 'race' });
  });

  it('refuses members who are neither sender nor moderator (403), non-readers (403), unknown ids (404), bad input (400), no token (401)', async () => {
    const { id: roomId } = await room();
    const message = await send(t.http, sender, roomId, 'mine');
    const denied = await revisions(roomId, message.id, other.auth).expect(403);
    expect(denied.body.code).toBe('permission_denied');
    const outside = await revisions(roomId, message.id, outsider.auth).expect(403);
    expect(outside.body.code).toBe('room_access_denied');
    expect((await revisions(roomId, randomUUID(), owner.auth).expect(404)).body.code).toBe('message_not_found');
    await revisions(randomUUID(), message.id, owner.auth).expect(404);
    const elsewhere = await room();
    await revisions(elsewhere.id, message.id, owner.auth).expect(404);
    await revisions(roomId, 'not-a-uuid', owner.auth).expect(400);
    for (const query of ['?before=0', '?before=abc', '?before=99999999999', '?limit=0', '?limit=101']) {
      await revisions(roomId, message.id, owner.auth, query).expect(400);
    }
    await t.http.get(`${API}/rooms/${roomId}/messages/${message.id}/revisions`).expect(401);
  });

  it('keeps a deleted message for moderators only, and refuses editing it (409)', async () => {
    const { id: roomId } = await room();
    const message = await send(t.http, sender, roomId, 'something I regret');
    await edit(roomId, message.id, 'something I regret more').expect(200);
    await t.http.delete(`${API}/rooms/${roomId}/messages/${message.id}`).set(sender.auth).expect(204);
    const shown = await t.http.get(`${API}/rooms/${roomId}/messages/${message.id}`).set(other.auth).expect(200);
    expect(shown.body.content).toBe('');
    const res = await revisions(roomId, message.id, owner.auth).expect(200);
    expect(res.body.results.map((r: Revision) => [r.version, r.content, r.replaced_by])).toEqual([
      [1, 'something I regret more', 'delete'],
      [0, 'something I regret', 'edit'],
    ]);
    expect(res.body.current_version).toBe(1);
    expect((await revisions(roomId, message.id, sender.auth).expect(403)).body.code).toBe('permission_denied');
    expect((await edit(roomId, message.id, 'again').expect(409)).body.code).toBe('conflict');
  });

  it('keeps the version a report was filed against', async () => {
    const { id: roomId } = await room();
    const message = await send(t.http, sender, roomId, 'first insult');
    await edit(roomId, message.id, 'second insult').expect(200);
    const report = await t.http
      .post(`${API}/rooms/${roomId}/messages/${message.id}/report`)
      .set(other.auth)
      .send({ reason: 'harassment' })
      .expect(201);
    expect(report.body).not.toHaveProperty('target_version');
    await edit(roomId, message.id, 'nothing to see').expect(200);
    const seen = await t.http.get(`${API}/moderation/reports/${report.body.id}`).set(owner.auth).expect(200);
    expect(seen.body).toMatchObject({ target_content: 'second insult', target_version: 1 });
    const kept = await revisions(roomId, message.id, owner.auth).expect(200);
    expect(kept.body.results.find((r: Revision) => r.version === seen.body.target_version).content).toBe('second insult');
  });

  it('exports the sender’s revisions with their messages', async () => {
    const { id: roomId } = await room();
    const message = await send(t.http, sender, roomId, 'export me');
    await edit(roomId, message.id, 'exported').expect(200);
    const exported = JSON.parse((await t.http.get(`${API}/users/me/export`).set(sender.auth).expect(200)).text);
    expect(exported.message_revisions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message_id: message.id, room_id: roomId, version: 0, content: 'export me', replaced_by: 'edit' }),
      ]),
    );
  });

  it('lets retention remove the revisions with their messages', async () => {
    const { id: roomId } = await room();
    const message = await send(t.http, sender, roomId, 'old text');
    await edit(roomId, message.id, 'newer text').expect(200);
    await t.http.delete(`${API}/rooms/${roomId}/messages/${message.id}`).set(owner.auth).expect(204);
    expect((await sql(`SELECT count(*)::int AS n FROM message_revisions WHERE message_id = $1`, [message.id])).rows[0].n).toBe(2);
    await sql(`UPDATE messages SET created_at = now() - interval '40 days' WHERE room_id = $1`, [roomId]);
    await t.app.get(RetentionService).sweep();
    expect((await sql(`SELECT count(*)::int AS n FROM message_revisions WHERE message_id = $1`, [message.id])).rows[0].n).toBe(0);
  });

  it('erases the revisions when a user is deleted with erase_messages', async () => {
    const leaver = await registerUser(t.http);
    const { id: roomId } = await createRoom(t.http, owner, { participants: [leaver.id] });
    const message = await send(t.http, leaver, roomId, 'personal detail');
    await t.http.patch(`${API}/rooms/${roomId}/messages/${message.id}`).set(leaver.auth).send({ content: 'redacted' }).expect(200);
    await t.http.delete(`${API}/users/${leaver.id}?erase_messages=true`).set(leaver.auth).expect(204);
    expect((await sql(`SELECT count(*)::int AS n FROM message_revisions WHERE message_id = $1`, [message.id])).rows[0].n).toBe(0);
  });

  describe('deployment-wide suspension', () => {
    const suspension = (userId: string) => `${API}/admin/users/${userId}/suspension`;
    const refusedWith = async (promise: Promise<unknown>) => {
      try {
        await promise;
      } catch (error) {
        return (error as { code?: string }).code;
      }
      throw new Error('expected a refusal');
    };

    it('ends sessions and sockets at once, refuses sign-in, refresh, tokens and the handshake, keeps messages, audits, and lifts', async () => {
      const target = await registerUser(t.http);
      const { id: roomId } = await createRoom(t.http, owner, { participants: [target.id] });
      const said = await send(t.http, target, roomId, 'before the suspension');
      const socket = await connect(t.baseUrl, target.access);
      sockets.push(socket);
      const gone = disconnected(socket);

      const until = new Date(Date.now() + 3_600_000).toISOString();
      const made = await t.http.post(suspension(target.id)).set(root).send({ reason: 'harassment of classmates', until }).expect(201);
      expect(made.body).toMatchObject({ user_id: target.id, reason: 'harassment of classmates', until, suspended_by: expect.any(String) });
      await expect(gone).resolves.toBe('io server disconnect');

      const stale = await t.http.get(`${API}/users/me`).set(target.auth).expect(403);
      expect(stale.body).toEqual({ code: 'account_suspended', detail: expect.any(String) });
      const login = await t.http.post(`${API}/auth/login`).send({ login: target.username, password: target.password }).expect(403);
      expect(login.body.code).toBe('account_suspended');
      expect(login.body.detail).toContain(until);
      // A wrong password says nothing about the suspension.
      await t.http.post(`${API}/auth/login`).send({ login: target.username, password: 'not-the-password' }).expect(401);
      const refresh = await t.http.post(`${API}/auth/refresh`).send({ refresh_token: target.refresh }).expect(403);
      expect(refresh.body.code).toBe('account_suspended');
      await expect(refusedWith(connect(t.baseUrl, target.access))).resolves.toBe('account_suspended');

      const history = await t.http.get(`${API}/rooms/${roomId}/messages`).set(owner.auth).expect(200);
      expect(history.body.results.map((m: { id: string }) => m.id)).toContain(said.id);
      const shown = await t.http.get(suspension(target.id)).set(root).expect(200);
      expect(shown.body).toEqual(made.body);
      const audit = await t.http.get(`${API}/admin/audit`).set(root).expect(200);
      expect(audit.body.results).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            action: 'user.suspended',
            target_id: target.id,
            reason: 'harassment of classmates',
            details: { until, shadow: false },
          }),
        ]),
      );

      await t.http.delete(suspension(target.id)).set(root).expect(204);
      await t.http.get(suspension(target.id)).set(root).expect(404);
      const back = await t.http.post(`${API}/auth/login`).send({ login: target.username, password: target.password }).expect(200);
      const again = await connect(t.baseUrl, back.body.access_token);
      sockets.push(again);
      const after = await t.http.get(`${API}/admin/audit`).set(root).expect(200);
      expect(after.body.results).toEqual(expect.arrayContaining([expect.objectContaining({ action: 'user.reinstated', target_id: target.id })]));
    });

    it('suspends indefinitely, and ends by itself at its time', async () => {
      const target = await registerUser(t.http);
      const made = await t.http.post(suspension(target.id)).set(root).send({ reason: 'spam' }).expect(201);
      expect(made.body.until).toBeNull();
      await t.http.post(`${API}/auth/login`).send({ login: target.username, password: target.password }).expect(403);
      await sql(`UPDATE user_suspensions SET suspended_until = now() - interval '1 second' WHERE user_id = $1`, [target.id]);
      await t.http.post(`${API}/auth/login`).send({ login: target.username, password: target.password }).expect(200);
      await t.http.get(suspension(target.id)).set(root).expect(404);
      // An expired suspension is replaced by a new one.
      await t.http.post(suspension(target.id)).set(root).send({ reason: 'again' }).expect(201);
    });

    it('refuses non-admins (403), unknown users (404), bad input and oneself (400), a second suspension (409), no token (401)', async () => {
      const target = await registerUser(t.http);
      expect((await t.http.post(suspension(target.id)).set(owner.auth).send({ reason: 'x' }).expect(403)).body.code).toBe('permission_denied');
      await t.http.get(suspension(target.id)).set(owner.auth).expect(403);
      await t.http.delete(suspension(target.id)).set(owner.auth).expect(403);
      await t.http.post(suspension(target.id)).send({ reason: 'x' }).expect(401);
      expect((await t.http.post(suspension(randomUUID())).set(root).send({ reason: 'x' }).expect(404)).body.code).toBe('user_not_found');
      await t.http.post(`${API}/admin/users/not-a-uuid/suspension`).set(root).send({ reason: 'x' }).expect(400);
      for (const body of [
        {},
        { reason: '' },
        { reason: 42 },
        { reason: 'x'.repeat(501) },
        { reason: 'x', until: 'tomorrow' },
        { reason: 'x', until: '2000-01-01T00:00:00Z' },
        { reason: 'x', until: '+275760-09-13T00:00:00Z' },
      ]) {
        await t.http.post(suspension(target.id)).set(root).send(body).expect(400);
      }
      const rootId = (await t.http.get(`${API}/users/me`).set(root).expect(200)).body.id;
      await t.http.post(suspension(rootId)).set(root).send({ reason: 'x' }).expect(400);
      await t.http.delete(suspension(target.id)).set(root).expect(404);
      await t.http.post(suspension(target.id)).set(root).send({ reason: 'first' }).expect(201);
      expect((await t.http.post(suspension(target.id)).set(root).send({ reason: 'second' }).expect(409)).body.code).toBe('conflict');
      const kept = await t.http.get(suspension(target.id)).set(root).expect(200);
      expect(kept.body.reason).toBe('first');
    });
  });
});
