import { randomUUID } from 'node:crypto';
import { RetentionService } from '../src/operations/retention/retention.service';
import { createRoom, send } from './support/chat';
import { ADMIN_ACCOUNT, loginAdmin, registerUser, TestUser, createOrganization } from './support/factories';
import { withClient } from './support/test-database';
import { API, startTestApp, TestApp } from './support/test-app';

interface Hold {
  id: string;
  name: string;
  released_at: string | null;
}

describe('Legal holds (e2e)', () => {
  let t: TestApp;
  let owner: TestUser;
  let sender: TestUser;
  let root: { Authorization: string };

  beforeAll(async () => {
    t = await startTestApp({ ...ADMIN_ACCOUNT, RETENTION_DAYS: '30' });
    owner = await registerUser(t.http);
    sender = await registerUser(t.http);
    root = await loginAdmin(t.http);
  });
  afterAll(() => t.close());

  const sql = (text: string, params: unknown[] = []) => withClient(t.databaseUrl, (c) => c.query(text, params));
  const count = async (text: string, params: unknown[]) => (await sql(text, params)).rows[0].n as number;
  const room = () => createRoom(t.http, owner, { name: `Case ${randomUUID().slice(0, 6)}`, participants: [sender.id] });
  const hold = (body: Record<string, unknown>, who = root) => t.http.post(`${API}/admin/legal-holds`).set(who).send(body);
  const age = (roomId: string) => sql(`UPDATE messages SET created_at = now() - interval '40 days' WHERE room_id = $1`, [roomId]);
  const sweep = () => t.app.get(RetentionService).sweep();
  const messagesOf = (roomId: string) => count(`SELECT count(*)::int AS n FROM messages WHERE room_id = $1 AND type = 'text'`, [roomId]);
  const audit = async (action: string, targetId: string) =>
    (await t.http.get(`${API}/admin/audit`).set(root).expect(200)).body.results.filter(
      (e: { action: string; target_id: string }) => e.action === action && e.target_id === targetId,
    );

  describe('routes', () => {
    it('creates, gets, lists and releases a hold, each change audited', async () => {
      const { id: roomId } = await room();
      const created = await hold({ name: 'Matter 17', reason: 'Complaint by a parent', user_ids: [sender.id], room_ids: [roomId] }).expect(201);
      expect(created.body).toMatchObject({
        name: 'Matter 17',
        reason: 'Complaint by a parent',
        user_ids: [sender.id],
        room_ids: [roomId],
        released_at: null,
        released_by: null,
      });
      expect((await audit('legal_hold.created', created.body.id))[0]).toMatchObject({
        reason: 'Complaint by a parent',
        details: { user_ids: [sender.id], room_ids: [roomId] },
      });
      const got = await t.http.get(`${API}/admin/legal-holds/${created.body.id}`).set(root).expect(200);
      expect(got.body).toEqual(created.body);

      const released = await t.http.post(`${API}/admin/legal-holds/${created.body.id}/release`).set(root).expect(200);
      expect(released.body.released_at).toEqual(expect.any(String));
      expect(await audit('legal_hold.released', created.body.id)).toHaveLength(1);
      await t.http.post(`${API}/admin/legal-holds/${created.body.id}/release`).set(root).expect(409);
    });

    it('lists newest first, keyset-paged', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i += 1) ids.push((await hold({ name: `Paged ${i}`, reason: 'r', user_ids: [owner.id] }).expect(201)).body.id);
      const first = await t.http.get(`${API}/admin/legal-holds?limit=2`).set(root).expect(200);
      expect(first.body.results.map((h: Hold) => h.id)).toEqual([ids[2], ids[1]]);
      const next = new URL(first.body.next);
      const second = await t.http.get(`${API}/admin/legal-holds${next.search}`).set(root).expect(200);
      expect(second.body.results[0].id).toBe(ids[0]);
      for (const id of ids) await t.http.post(`${API}/admin/legal-holds/${id}/release`).set(root).expect(200);
    });

    it('answers 401 without a token and 403 to anyone but a global admin', async () => {
      const id = randomUUID();
      await t.http.get(`${API}/admin/legal-holds`).expect(401);
      await t.http
        .post(`${API}/admin/legal-holds`)
        .send({ name: 'x', reason: 'y', user_ids: [owner.id] })
        .expect(401);
      for (const req of [
        hold({ name: 'x', reason: 'y', user_ids: [owner.id] }, owner.auth),
        t.http.get(`${API}/admin/legal-holds`).set(owner.auth),
        t.http.get(`${API}/admin/legal-holds/${id}`).set(owner.auth),
        t.http.post(`${API}/admin/legal-holds/${id}/release`).set(owner.auth),
      ]) {
        const res = await req.expect(403);
        expect(res.body.code).toBe('permission_denied');
      }
    });

    it('answers 404 for an unknown hold, user or room', async () => {
      await t.http.get(`${API}/admin/legal-holds/${randomUUID()}`).set(root).expect(404);
      await t.http.post(`${API}/admin/legal-holds/${randomUUID()}/release`).set(root).expect(404);
      expect((await hold({ name: 'x', reason: 'y', user_ids: [randomUUID()] }).expect(404)).body.code).toBe('user_not_found');
      expect((await hold({ name: 'x', reason: 'y', room_ids: [randomUUID()] }).expect(404)).body.code).toBe('room_not_found');
      expect(await count(`SELECT count(*)::int AS n FROM legal_holds WHERE name = 'x'`, [])).toBe(0);
    });

    it('answers 400 for a missing name or reason, no target, bad ids and a malformed path id', async () => {
      expect((await hold({ reason: 'y', user_ids: [owner.id] }).expect(400)).body).toHaveProperty('name');
      expect((await hold({ name: 'x', reason: '', user_ids: [owner.id] }).expect(400)).body).toHaveProperty('reason');
      expect((await hold({ name: 'x', reason: 'y' }).expect(400)).body).toHaveProperty('non_field_errors');
      expect((await hold({ name: 'x', reason: 'y', user_ids: [], room_ids: [] }).expect(400)).body).toHaveProperty('non_field_errors');
      expect((await hold({ name: 'x', reason: 'y', user_ids: ['nope'] }).expect(400)).body).toHaveProperty('user_ids');
      expect((await hold({ name: 'x', reason: 'y', room_ids: 'nope' }).expect(400)).body).toHaveProperty('room_ids');
      expect((await hold({ name: 'n'.repeat(151), reason: 'y', user_ids: [owner.id] }).expect(400)).body).toHaveProperty('name');
      await t.http.get(`${API}/admin/legal-holds/not-a-uuid`).set(root).expect(400);
      await t.http.get(`${API}/admin/legal-holds?limit=0`).set(root).expect(400);
    });
  });

  describe('effects', () => {
    it('keeps the messages of a held room through retention, with their revisions, and removes them after release', async () => {
      const { id: roomId } = await room();
      const kept = await send(t.http, sender, roomId, 'evidence');
      await t.http.patch(`${API}/rooms/${roomId}/messages/${kept.id}`).set(sender.auth).send({ content: 'edited away' }).expect(200);
      const gone = await send(t.http, owner, roomId, 'deleted by the sender');
      await t.http.delete(`${API}/rooms/${roomId}/messages/${gone.id}`).set(owner.auth).expect(204);
      const { body } = await hold({ name: 'Room matter', reason: 'r', room_ids: [roomId] }).expect(201);
      await age(roomId);

      await sweep();
      expect(await messagesOf(roomId)).toBe(2);
      expect(await count(`SELECT count(*)::int AS n FROM message_revisions WHERE message_id = ANY($1)`, [[kept.id, gone.id]])).toBe(2);
      // Users still see the delete; the original stays for the record.
      const deleted = await t.http.get(`${API}/rooms/${roomId}/messages/${gone.id}`).set(sender.auth).expect(200);
      expect(deleted.body.content).toBe('');
      const original = await t.http.get(`${API}/rooms/${roomId}/messages/${gone.id}/revisions`).set(root).expect(200);
      expect(original.body.results[0]).toMatchObject({ content: 'deleted by the sender', replaced_by: 'delete' });

      await t.http.post(`${API}/admin/legal-holds/${body.id}/release`).set(root).expect(200);
      await sweep();
      expect(await messagesOf(roomId)).toBe(0);
      expect(await count(`SELECT count(*)::int AS n FROM message_revisions WHERE message_id = ANY($1)`, [[kept.id, gone.id]])).toBe(0);
    });

    it("keeps a held user's messages in rooms without a hold: the sweep stops before the first of them", async () => {
      const held = await registerUser(t.http);
      const { id: roomId } = await createRoom(t.http, owner, { participants: [held.id] });
      await send(t.http, owner, roomId, 'before');
      const theirs = await send(t.http, held, roomId, 'held words');
      await send(t.http, owner, roomId, 'after');
      const { body } = await hold({ name: 'User matter', reason: 'r', user_ids: [held.id] }).expect(201);
      await age(roomId);

      await sweep();
      const left = await sql(`SELECT id, content FROM messages WHERE room_id = $1 AND type = 'text' ORDER BY seq`, [roomId]);
      expect(left.rows.map((r: { content: string }) => r.content)).toEqual(['held words', 'after']);
      expect(left.rows[0].id).toBe(theirs.id);

      await t.http.post(`${API}/admin/legal-holds/${body.id}/release`).set(root).expect(200);
      await sweep();
      expect(await messagesOf(roomId)).toBe(0);
    });

    it('keeps the evidence when a held user is deleted with erase_messages: users see the erasure, the originals stay', async () => {
      const held = await registerUser(t.http);
      const { id: roomId } = await createRoom(t.http, owner, { participants: [held.id] });
      const edited = await send(t.http, held, roomId, 'threat');
      await t.http.patch(`${API}/rooms/${roomId}/messages/${edited.id}`).set(held.auth).send({ content: 'nothing' }).expect(200);
      const plain = await send(t.http, held, roomId, 'second threat');
      const { body } = await hold({ name: 'Erase matter', reason: 'r', user_ids: [held.id] }).expect(201);

      await t.http.delete(`${API}/users/${held.id}?erase_messages=true`).set(held.auth).expect(204);
      const seen = await t.http.get(`${API}/rooms/${roomId}/messages/${plain.id}`).set(owner.auth).expect(200);
      expect(seen.body).toMatchObject({ content: '', sender: null });
      const kept = await sql(
        `SELECT message_id, version, content, replaced_by FROM message_revisions WHERE message_id = ANY($1) ORDER BY message_id, version`,
        [[edited.id, plain.id]],
      );
      expect(kept.rows.map((r: { content: string; replaced_by: string }) => [r.content, r.replaced_by]).sort()).toEqual(
        [
          ['threat', 'edit'],
          ['nothing', 'delete'],
          ['second threat', 'delete'],
        ].sort(),
      );
      // The hold pinned the messages with the sender they had, and retention keeps them.
      const pins = await sql(`SELECT message_id, sender_id FROM legal_hold_messages WHERE hold_id = $1`, [body.id]);
      expect(pins.rows).toHaveLength(2);
      expect(pins.rows.every((r: { sender_id: string }) => r.sender_id === held.id)).toBe(true);
      await age(roomId);
      await sweep();
      expect(await count(`SELECT count(*)::int AS n FROM messages WHERE id = ANY($1)`, [[edited.id, plain.id]])).toBe(2);

      await t.http.post(`${API}/admin/legal-holds/${body.id}/release`).set(root).expect(200);
      await sweep();
      expect(await count(`SELECT count(*)::int AS n FROM messages WHERE id = ANY($1)`, [[edited.id, plain.id]])).toBe(0);
    });

    it('still erases the earlier versions of messages no hold covers', async () => {
      const leaver = await registerUser(t.http);
      const { id: roomId } = await createRoom(t.http, owner, { participants: [leaver.id] });
      const message = await send(t.http, leaver, roomId, 'personal detail');
      await t.http.patch(`${API}/rooms/${roomId}/messages/${message.id}`).set(leaver.auth).send({ content: 'redacted' }).expect(200);
      await t.http.delete(`${API}/users/${leaver.id}?erase_messages=true`).set(leaver.auth).expect(204);
      expect(await count(`SELECT count(*)::int AS n FROM message_revisions WHERE message_id = $1`, [message.id])).toBe(0);
    });

    it('refuses to delete a held room with 409 legal_hold, and deletes it after release', async () => {
      const { id: roomId } = await room();
      await send(t.http, sender, roomId, 'kept');
      const { body } = await hold({ name: 'Room delete', reason: 'r', room_ids: [roomId] }).expect(201);
      const refused = await t.http.delete(`${API}/rooms/${roomId}`).set(owner.auth).expect(409);
      expect(refused.body.code).toBe('legal_hold');
      await t.http.delete(`${API}/rooms/${roomId}`).set(root).expect(409);
      expect(await messagesOf(roomId)).toBe(1);
      expect(await audit('room.deleted', roomId)).toHaveLength(0);

      await t.http.post(`${API}/admin/legal-holds/${body.id}/release`).set(root).expect(200);
      await t.http.delete(`${API}/rooms/${roomId}`).set(owner.auth).expect(204);
      await t.http.get(`${API}/rooms/${roomId}`).set(owner.auth).expect(404);
    });

    it('keeps a held room when its last member leaves (it stays, empty)', async () => {
      const { id: roomId } = await createRoom(t.http, owner, { name: `Alone ${randomUUID().slice(0, 6)}` });
      await send(t.http, owner, roomId, 'only me');
      await hold({ name: 'Leave', reason: 'r', room_ids: [roomId] }).expect(201);
      await t.http.post(`${API}/rooms/${roomId}/leave`).set(owner.auth).expect(204);
      expect(await count(`SELECT count(*)::int AS n FROM rooms WHERE id = $1`, [roomId])).toBe(1);
      expect(await count(`SELECT count(*)::int AS n FROM room_members WHERE room_id = $1`, [roomId])).toBe(0);
    });
  });

  describe('organization holds', () => {
    const password = 'org-password-1';
    /** Makes an organization (by the operator) and logs its admin in. */
    const organization = (slug: string) => createOrganization(t.http, root, slug, password);
    const memberOf = (slug: string) => registerUser(t.http, { username: `u${randomUUID().slice(0, 8)}`, password, organization: slug });
    /** A room of two members of the organization, with one edited message by the second: the one who will be erased. */
    async function scene(slug: string) {
      const roomOwner = await memberOf(slug);
      const leaver = await memberOf(slug);
      const { id: roomId } = await createRoom(t.http, roomOwner, { name: `Org ${randomUUID().slice(0, 6)}`, participants: [leaver.id] });
      const said = await send(t.http, leaver, roomId, 'said in the organization');
      await t.http.patch(`${API}/rooms/${roomId}/messages/${said.id}`).set(leaver.auth).send({ content: 'taken back' }).expect(200);
      const { id: otherRoom } = await createRoom(t.http, roomOwner, { name: `Gone ${randomUUID().slice(0, 6)}` });
      await send(t.http, roomOwner, otherRoom, 'in a room to be deleted');
      return { roomOwner, leaver, roomId, said, otherRoom };
    }
    const revisions = (messageId: string) => count(`SELECT count(*)::int AS n FROM message_revisions WHERE message_id = $1`, [messageId]);

    let north: { id: string; admin: { Authorization: string } };
    let south: { id: string; admin: { Authorization: string } };
    beforeAll(async () => {
      north = await organization('north-holds');
      south = await organization('south-holds');
    });

    it("keeps a deleted room's and an erased user's records of the held organization; another organization's hold does not", async () => {
      // South is held: north's records go as usual.
      const southHold = await hold({ name: 'South', reason: 'r', organization_id: south.id }, south.admin).expect(201);
      expect(southHold.body).toMatchObject({ organization_id: south.id, user_ids: [], room_ids: [] });
      const free = await scene('north-holds');
      await t.http.delete(`${API}/users/${free.leaver.id}?erase_messages=true`).set(free.leaver.auth).expect(204);
      expect(await revisions(free.said.id)).toBe(0);
      await t.http.delete(`${API}/rooms/${free.otherRoom}`).set(free.roomOwner.auth).expect(204);

      // North is held by its own admin: nothing of north goes.
      const northHold = await hold({ name: 'North', reason: 'Inspection', organization_id: north.id }, north.admin).expect(201);
      expect(northHold.body.organization_id).toBe(north.id);
      const held = await scene('north-holds');
      await t.http.delete(`${API}/users/${held.leaver.id}?erase_messages=true`).set(held.leaver.auth).expect(204);
      const kept = await sql(`SELECT content, replaced_by FROM message_revisions WHERE message_id = $1 ORDER BY version`, [held.said.id]);
      expect(kept.rows).toEqual([
        { content: 'said in the organization', replaced_by: 'edit' },
        { content: 'taken back', replaced_by: 'delete' },
      ]);
      const refused = await t.http.delete(`${API}/rooms/${held.otherRoom}`).set(held.roomOwner.auth).expect(409);
      expect(refused.body.code).toBe('legal_hold');
      await age(held.roomId);
      await age(held.otherRoom);
      await sweep();
      expect(await messagesOf(held.roomId)).toBe(1);
      expect(await messagesOf(held.otherRoom)).toBe(1);

      // Released, north's records are subject to deletion and retention again.
      await t.http.post(`${API}/admin/legal-holds/${northHold.body.id}/release`).set(north.admin).expect(200);
      await t.http.delete(`${API}/rooms/${held.otherRoom}`).set(held.roomOwner.auth).expect(204);
      await sweep();
      expect(await messagesOf(held.roomId)).toBe(0);
      await t.http.post(`${API}/admin/legal-holds/${southHold.body.id}/release`).set(south.admin).expect(200);
    });

    it("lets an operator hold another organization, in that organization's records", async () => {
      const placed = await hold({ name: 'By the operator', reason: 'r', organization_id: south.id }).expect(201);
      expect(
        await count(`SELECT count(*)::int AS n FROM legal_holds WHERE id = $1 AND organization_id = $2 AND organization_wide`, [
          placed.body.id,
          south.id,
        ]),
      ).toBe(1);
      await t.http.post(`${API}/admin/legal-holds/${placed.body.id}/release`).set(south.admin).expect(200);
    });

    it("refuses another organization's admin (404), a member (403), an unknown organization (404) and a bad id (400)", async () => {
      const other = await hold({ name: 'x', reason: 'y', organization_id: south.id }, north.admin).expect(404);
      expect(other.body.code).toBe('not_found');
      const member = await memberOf('south-holds');
      expect((await hold({ name: 'x', reason: 'y', organization_id: south.id }, member.auth).expect(403)).body.code).toBe('permission_denied');
      expect((await hold({ name: 'x', reason: 'y', organization_id: randomUUID() }).expect(404)).body.code).toBe('not_found');
      expect((await hold({ name: 'x', reason: 'y', organization_id: 'nope' }).expect(400)).body).toHaveProperty('organization_id');
      expect(await count(`SELECT count(*)::int AS n FROM legal_holds WHERE name = 'x'`, [])).toBe(0);
    });
  });
});
