import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ack, connect, ClientSocket, eventually, record } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';

const ADMIN = { ADMIN_USERNAME: 'liveadmin', ADMIN_PASSWORD: 'live-admin-password', ADMIN_EMAIL: 'live-admin@example.com' };

/**
 * The events that tell people about what others did outside the timeline: a new report (to who may
 * resolve it), a profile change (to who shares a room), an invitation's answer (to its inviter and the
 * room's managers) and why a member left. Each also checks who must not hear it: once the event has
 * reached someone, an ack round trip on the other socket is a barrier (a socket receives in the order
 * the server sends), so an event that was sent to it would already be there.
 */
describe('Live events for moderators, profiles, invitations and departures (e2e)', () => {
  let t: TestApp;
  let owner: TestUser;
  let roomAdmin: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let root: { id: string; access: string; auth: { Authorization: string } };
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp(ADMIN);
    owner = await registerUser(t.http, { username: 'live_owner' });
    roomAdmin = await registerUser(t.http, { username: 'live_admin' });
    member = await registerUser(t.http, { username: 'live_member' });
    outsider = await registerUser(t.http, { username: 'live_outsider' });
    const login = await t.http.post(`${API}/auth/login`).send({ login: ADMIN.ADMIN_USERNAME, password: ADMIN.ADMIN_PASSWORD }).expect(200);
    root = { id: login.body.user.id, access: login.body.access_token, auth: { Authorization: `Bearer ${login.body.access_token}` } };
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await t.close();
  });

  async function socketOf(user: { access: string }): Promise<ClientSocket> {
    const socket = await connect(t.baseUrl, user.access);
    sockets.push(socket);
    return socket;
  }

  /** A room of the owner with roomAdmin (promoted) and member. */
  async function room(): Promise<string> {
    const created = await createRoom(t.http, owner, { name: `Live ${Math.random()}`, participants: [roomAdmin.id, member.id] });
    await t.http.patch(`${API}/rooms/${created.id}/members/${roomAdmin.id}`).set(owner.auth).send({ role: 'admin' }).expect(200);
    return created.id;
  }

  /** Everything sent to `socket` before now has arrived (see above). */
  async function barrier(socket: ClientSocket): Promise<void> {
    const answer = await ack(socket, 'room:leave', { room_id: '00000000-0000-7000-8000-000000000000' });
    expect(answer).toBeDefined();
  }

  describe('report:created', () => {
    it('reaches the room’s owner and admins and the global admins with the moderator’s view, never the reporter or others', async () => {
      const roomId = await room();
      const rude = await send(t.http, owner, roomId, 'rude words');
      const [ownerSocket, adminSocket, rootSocket, memberSocket, outsiderSocket] = await Promise.all(
        [owner, roomAdmin, root, member, outsider].map(socketOf),
      );
      const [toOwner, toAdmin, toRoot, toMember, toOutsider] = [ownerSocket, adminSocket, rootSocket, memberSocket, outsiderSocket].map((s) =>
        record<Record<string, unknown>>(s, 'report:created'),
      );

      const report = await t.http
        .post(`${API}/rooms/${roomId}/messages/${rude.id}/report`)
        .set(member.auth)
        .send({ reason: 'harassment', details: 'please look' })
        .expect(201);
      const expected = {
        id: report.body.id,
        status: 'open',
        target_type: 'message',
        target_id: rude.id,
        room_id: roomId,
        reporter_id: member.id,
        target_content: 'rude words',
        details: 'please look',
      };
      await eventually(() => {
        for (const heard of [toOwner, toAdmin, toRoot]) expect(heard).toEqual([expect.objectContaining(expected)]);
      });
      await Promise.all([barrier(memberSocket), barrier(outsiderSocket)]);
      expect(toMember).toEqual([]);
      expect(toOutsider).toEqual([]);
      // The queue the event stands for says the same.
      const queue = await t.http.get(`${API}/moderation/reports?status=open&room_id=${roomId}`).set(roomAdmin.auth).expect(200);
      expect(queue.body.results[0]).toEqual(toAdmin[0]);
    });

    it('a report of a user reaches the global admins only', async () => {
      await room();
      const [ownerSocket, rootSocket] = [await socketOf(owner), await socketOf(root)];
      const [toOwner, toRoot] = [record(ownerSocket, 'report:created'), record(rootSocket, 'report:created')];
      const report = await t.http.post(`${API}/users/${owner.id}/report`).set(member.auth).send({ reason: 'spam' }).expect(201);
      await eventually(() => expect(toRoot).toEqual([expect.objectContaining({ id: report.body.id, target_type: 'user', reporter_id: member.id })]));
      await barrier(ownerSocket);
      expect(toOwner).toEqual([]);
      // A refused report announces nothing.
      await t.http.post(`${API}/users/${owner.id}/report`).set(member.auth).send({ reason: 'spam' }).expect(409);
      await t.http.post(`${API}/users/${member.id}/report`).set(member.auth).send({ reason: 'spam' }).expect(400);
      await t.http.post(`${API}/users/00000000-0000-7000-8000-000000000000/report`).set(member.auth).send({ reason: 'spam' }).expect(404);
      await t.http.post(`${API}/users/${owner.id}/report`).send({ reason: 'spam' }).expect(401);
      await barrier(rootSocket);
      expect(toRoot).toHaveLength(1);
    });
  });

  describe('user:updated', () => {
    it('reaches who shares a room and the user’s own devices, without the e-mail address; not strangers', async () => {
      const roomId = await room();
      const [ownerSocket, ownSocket, outsiderSocket] = [await socketOf(owner), await socketOf(member), await socketOf(outsider)];
      const [toOwner, toSelf, toOutsider] = [ownerSocket, ownSocket, outsiderSocket].map((s) => record<Record<string, unknown>>(s, 'user:updated'));
      const res = await t.http.patch(`${API}/users/me`).set(member.auth).send({ display_name: 'Student Renamed' }).expect(200);
      expect(res.body.email).toBe(member.email);
      await eventually(() => {
        for (const heard of [toOwner, toSelf]) expect(heard).toEqual([expect.objectContaining({ id: member.id, display_name: 'Student Renamed' })]);
      });
      expect(toOwner[0]).not.toHaveProperty('email');
      await barrier(outsiderSocket);
      expect(toOutsider).toEqual([]);
      // A refused change announces nothing.
      await t.http
        .patch(`${API}/users/me`)
        .set(member.auth)
        .send({ display_name: 'x'.repeat(500) })
        .expect(400);
      await t.http.patch(`${API}/users/me`).send({ display_name: 'nobody' }).expect(401);
      await barrier(ownerSocket);
      expect(toOwner).toHaveLength(1);
      const members = await t.http.get(`${API}/rooms/${roomId}/members`).set(owner.auth).expect(200);
      expect(members.body.results.find((m: { user: { id: string } }) => m.user.id === member.id).user.display_name).toBe('Student Renamed');
    });
  });

  describe('invitation:updated', () => {
    it('tells the invitee, the inviter and the room’s managers of a decline, an acceptance and a withdrawal; not other members', async () => {
      const roomId = await room();
      const [ownerSocket, adminSocket, memberSocket, inviteeSocket] = [
        await socketOf(owner),
        await socketOf(roomAdmin),
        await socketOf(member),
        await socketOf(outsider),
      ];
      const [toOwner, toAdmin, toMember, toInvitee] = [ownerSocket, adminSocket, memberSocket, inviteeSocket].map((s) =>
        record<{ id: string; status: string; invitee: Record<string, unknown> }>(s, 'invitation:updated'),
      );
      const invite = () => t.http.post(`${API}/rooms/${roomId}/invitations`).set(roomAdmin.auth).send({ user_id: outsider.id }).expect(201);

      const first = await invite();
      await t.http.post(`${API}/invitations/${first.body.id}/decline`).set(outsider.auth).expect(204);
      await eventually(() => {
        for (const heard of [toOwner, toAdmin, toInvitee])
          expect(heard).toEqual([expect.objectContaining({ id: first.body.id, status: 'declined' })]);
      });
      expect(toAdmin[0].invitee).not.toHaveProperty('email');
      await t.http.post(`${API}/invitations/${first.body.id}/decline`).set(outsider.auth).expect(409);
      await t.http.post(`${API}/invitations/${first.body.id}/accept`).set(member.auth).expect(404);

      const second = await invite();
      await t.http.post(`${API}/invitations/${second.body.id}/accept`).set(outsider.auth).expect(200);
      await eventually(() => expect(toOwner.map((i) => i.status)).toEqual(['declined', 'accepted']));

      await t.http.delete(`${API}/rooms/${roomId}/members/${outsider.id}`).set(owner.auth).expect(204);
      const third = await invite();
      await t.http.delete(`${API}/rooms/${roomId}/invitations/${third.body.id}`).set(member.auth).expect(403);
      await t.http.delete(`${API}/rooms/${roomId}/invitations/${third.body.id}`).set(owner.auth).expect(204);
      await eventually(() => {
        for (const heard of [toOwner, toAdmin, toInvitee]) expect(heard.map((i) => i.status)).toEqual(['declined', 'accepted', 'withdrawn']);
      });
      // Joining the room accepts a pending invitation too.
      const fourth = await invite();
      await t.http.post(`${API}/rooms/${roomId}/join`).set(outsider.auth).expect(200);
      await eventually(() => expect(toOwner.slice(3)).toEqual([expect.objectContaining({ id: fourth.body.id, status: 'accepted' })]));
      await barrier(memberSocket);
      expect(toMember).toEqual([]);
    });
  });

  describe('member:left', () => {
    it('says why: left, removed or banned, to the room and to the member', async () => {
      const roomId = await room();
      const extra = await Promise.all([registerUser(t.http), registerUser(t.http)]);
      await t.http
        .post(`${API}/rooms/${roomId}/members`)
        .set(owner.auth)
        .send({ user_ids: extra.map((u) => u.id) })
        .expect(201);
      const ownerSocket = await socketOf(owner);
      const kickedSocket = await socketOf(extra[0]);
      const departures = record<{ member: { user: { id: string } }; reason: string }>(ownerSocket, 'member:left');
      const toKicked = record<{ member: { user: { id: string } }; reason: string }>(kickedSocket, 'member:left');
      await t.http.delete(`${API}/rooms/${roomId}/members/${owner.id}`).set(owner.auth).expect(400);
      await t.http.delete(`${API}/rooms/${roomId}/members/${extra[0].id}`).set(member.auth).expect(403);
      await t.http.post(`${API}/rooms/${roomId}/leave`).set(member.auth).expect(204);
      await t.http.delete(`${API}/rooms/${roomId}/members/${extra[0].id}`).set(owner.auth).expect(204);
      await t.http.delete(`${API}/rooms/${roomId}/members/${extra[1].id}?ban=true`).set(roomAdmin.auth).expect(204);
      await eventually(() =>
        expect(departures.map((e) => [e.member.user.id, e.reason])).toEqual([
          [member.id, 'left'],
          [extra[0].id, 'removed'],
          [extra[1].id, 'banned'],
        ]),
      );
      expect(toKicked.map((e) => [e.member.user.id, e.reason])).toEqual([
        [member.id, 'left'],
        [extra[0].id, 'removed'],
      ]);
    });
  });
});
