import { randomUUID } from 'node:crypto';
import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ack, connect, eventually, record } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';

describe('Members and invitations (e2e)', () => {
  let t: TestApp;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let outsider: TestUser;

  beforeAll(async () => {
    t = await startTestApp();
    owner = await registerUser(t.http, { username: 'owner', display_name: 'Olive' });
    admin = await registerUser(t.http, { username: 'admin1' });
    member = await registerUser(t.http, { username: 'member1' });
    outsider = await registerUser(t.http, { username: 'outsider' });
  });
  afterAll(async () => {
    await t.close();
  });

  async function staffedRoom(extra: Record<string, unknown> = {}) {
    const room = await createRoom(t.http, owner, { participants: [admin.id, member.id], ...extra });
    await t.http.patch(`${API}/rooms/${room.id}/members/${admin.id}`).set(owner.auth).send({ role: 'admin' }).expect(200);
    return room;
  }

  describe('GET/POST /rooms/{id}/members', () => {
    it('pages members in join order with their roles', async () => {
      const room = await staffedRoom();
      const res = await t.http.get(`${API}/rooms/${room.id}/members?page_size=2`).set(member.auth).expect(200);
      expect(res.body).toMatchObject({ count: 3, total_pages: 2 });
      expect(res.body.results.map((m: { user: { id: string }; role: string }) => [m.user.id, m.role])).toEqual([
        [owner.id, 'owner'],
        [admin.id, 'admin'],
      ]);
      expect(res.body.results[0]).toMatchObject({ last_read_seq: 0, notifications_muted: false, online: false });
      await t.http.get(`${API}/rooms/${room.id}/members`).set(outsider.auth).expect(403);
    });

    it('adds members with a system message each; only the owner adds admins', async () => {
      const room = await staffedRoom();
      const newcomer = await registerUser(t.http, { display_name: 'Newt' });
      const res = await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(admin.auth)
        .send({ user_ids: [newcomer.id] })
        .expect(201);
      expect(res.body).toEqual([expect.objectContaining({ role: 'member', user: expect.objectContaining({ id: newcomer.id }) })]);
      const history = await t.http.get(`${API}/rooms/${room.id}/messages`).set(newcomer.auth).expect(200);
      expect(history.body.results.at(-1)).toMatchObject({ type: 'system', content: 'admin1 added Newt' });
      const another = await registerUser(t.http);
      await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(admin.auth)
        .send({ user_ids: [another.id], role: 'admin' })
        .expect(403);
      await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(owner.auth)
        .send({ user_ids: [another.id], role: 'admin' })
        .expect(201);
    });

    it('answers 409 already_in_room, 409 room_full, 400 invalid pk, 403 for members and non-members', async () => {
      const room = await staffedRoom({ max_participants: 4 });
      const dup = await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(owner.auth)
        .send({ user_ids: [member.id] })
        .expect(409);
      expect(dup.body.code).toBe('already_in_room');
      const [x, y] = [await registerUser(t.http), await registerUser(t.http)];
      const full = await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(owner.auth)
        .send({ user_ids: [x.id, y.id] })
        .expect(409);
      expect(full.body.code).toBe('room_full');
      const ghost = randomUUID();
      const bad = await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(owner.auth)
        .send({ user_ids: [ghost] })
        .expect(400);
      expect(bad.body).toEqual({ user_ids: [`Invalid pk "${ghost}" - object does not exist.`] });
      await t.http.post(`${API}/rooms/${room.id}/members`).set(owner.auth).send({ user_ids: 'nope' }).expect(400);
      await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(member.auth)
        .send({ user_ids: [x.id] })
        .expect(403);
      const denied = await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(outsider.auth)
        .send({ user_ids: [x.id] })
        .expect(403);
      expect(denied.body.code).toBe('room_access_denied');
      const afterAll = await t.http.get(`${API}/rooms/${room.id}`).set(owner.auth).expect(200);
      expect(afterAll.body.participant_count).toBe(3);
    });
  });

  describe('PATCH /rooms/{id}/members/{user_id}', () => {
    it('lets admins promote members but not demote admins; the owner transfers ownership', async () => {
      const room = await staffedRoom();
      const second = await registerUser(t.http);
      await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(owner.auth)
        .send({ user_ids: [second.id], role: 'admin' })
        .expect(201);
      await t.http.patch(`${API}/rooms/${room.id}/members/${member.id}`).set(admin.auth).send({ role: 'admin' }).expect(200);
      await t.http.patch(`${API}/rooms/${room.id}/members/${second.id}`).set(admin.auth).send({ role: 'member' }).expect(403);
      await t.http.patch(`${API}/rooms/${room.id}/members/${owner.id}`).set(admin.auth).send({ role: 'member' }).expect(403);
      await t.http.patch(`${API}/rooms/${room.id}/members/${second.id}`).set(admin.auth).send({ role: 'owner' }).expect(403);
      const transfer = await t.http.patch(`${API}/rooms/${room.id}/members/${admin.id}`).set(owner.auth).send({ role: 'owner' }).expect(200);
      expect(transfer.body.role).toBe('owner');
      const me = await t.http.get(`${API}/rooms/${room.id}`).set(owner.auth).expect(200);
      expect(me.body.my_role).toBe('admin');
      await t.http.patch(`${API}/rooms/${room.id}/members/${outsider.id}`).set(admin.auth).send({ role: 'admin' }).expect(404);
      await t.http.patch(`${API}/rooms/${room.id}/members/${member.id}`).set(admin.auth).send({ role: 'king' }).expect(400);
      await t.http.patch(`${API}/rooms/${room.id}/members/${member.id}`).set(member.auth).send({ role: 'member' }).expect(403);
    });

    it('PATCH members/me mutes notifications for the caller only', async () => {
      const room = await staffedRoom();
      const res = await t.http.patch(`${API}/rooms/${room.id}/members/me`).set(member.auth).send({ notifications_muted: true }).expect(200);
      expect(res.body).toMatchObject({ notifications_muted: true, user: { id: member.id } });
      const view = await t.http.get(`${API}/rooms/${room.id}`).set(member.auth).expect(200);
      expect(view.body.notifications_muted).toBe(true);
      await t.http.patch(`${API}/rooms/${room.id}/members/me`).set(member.auth).send({ notifications_muted: 'yes' }).expect(400);
      await t.http.patch(`${API}/rooms/${room.id}/members/me`).set(outsider.auth).send({ notifications_muted: true }).expect(403);
    });

    it('keeps a member’s notification mute private: their own devices hear it, the room does not', async () => {
      const room = await staffedRoom();
      const [mine, others] = [await connect(t.baseUrl, member.access), await connect(t.baseUrl, owner.access)];
      try {
        const heardByMe = record<{ member: { user: { id: string }; notifications_muted: boolean } }>(mine, 'member:updated');
        const heardByOwner = record<{ member: { user: { id: string } } }>(others, 'member:updated');
        const owned = record<{ content: string }>(others, 'message:new');
        await t.http.patch(`${API}/rooms/${room.id}/members/me`).set(member.auth).send({ notifications_muted: true }).expect(200);
        await eventually(() => expect(heardByMe.map((e) => [e.member.user.id, e.member.notifications_muted])).toEqual([[member.id, true]]));
        // Events reach a socket in the order they were sent: once the later message is there, no mute is on its way.
        await send(t.http, admin, room.id, 'after the mute');
        await eventually(() => expect(owned.map((m) => m.content)).toContain('after the mute'));
        expect(heardByOwner).toEqual([]);
        const listed = await t.http.get(`${API}/rooms/${room.id}/members?page_size=50`).set(owner.auth).expect(200);
        const row = listed.body.results.find((m: { user: { id: string } }) => m.user.id === member.id);
        expect(row.notifications_muted).toBe(false);
        const ownRow = (await t.http.get(`${API}/rooms/${room.id}/members?page_size=50`).set(member.auth).expect(200)).body.results.find(
          (m: { user: { id: string } }) => m.user.id === member.id,
        );
        expect(ownRow.notifications_muted).toBe(true);
      } finally {
        mine.close();
        others.close();
      }
    });
  });

  describe('DELETE /rooms/{id}/members/{user_id} (kick and ban)', () => {
    it('removes a member, who then loses access; ?ban=true keeps them out of a public room until unbanned', async () => {
      const room = await staffedRoom({ name: 'Lobby', visibility: 'public' });
      await t.http.delete(`${API}/rooms/${room.id}/members/${member.id}?ban=true`).set(admin.auth).expect(204);
      const banned = await t.http.post(`${API}/rooms/${room.id}/join`).set(member.auth).expect(403);
      expect(banned.body.code).toBe('banned');
      await t.http.post(`${API}/rooms/${room.id}/messages`).set(member.auth).send({ content: 'hi' }).expect(403);
      await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(admin.auth)
        .send({ user_ids: [member.id] })
        .expect(409);
      await t.http.delete(`${API}/rooms/${room.id}/bans/${member.id}`).set(admin.auth).expect(204);
      await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(admin.auth)
        .send({ user_ids: [member.id] })
        .expect(201);
      await t.http.delete(`${API}/rooms/${room.id}/members/${member.id}`).set(admin.auth).expect(204);
      await t.http.post(`${API}/rooms/${room.id}/join`).set(member.auth).expect(200);
    });

    it('keeps a banned user from reading the public room too, over REST and the socket, until unbanned', async () => {
      const room = await staffedRoom({ name: 'Open Lobby', visibility: 'public' });
      const message = await send(t.http, owner, room.id, 'public news');
      await t.http.delete(`${API}/rooms/${room.id}/members/${member.id}?ban=true`).set(admin.auth).expect(204);
      for (const path of [`/rooms/${room.id}`, `/rooms/${room.id}/messages`, `/rooms/${room.id}/messages/${message.id}`, `/rooms/${room.id}/pins`]) {
        const res = await t.http.get(`${API}${path}`).set(member.auth);
        expect([path, res.status, res.body.code]).toEqual([path, 403, 'banned']);
      }
      await t.http.get(`${API}/rooms/${room.id}/messages`).set(outsider.auth).expect(200);
      const socket = await connect(t.baseUrl, member.access);
      try {
        expect(await ack(socket, 'room:join', { room_id: room.id })).toMatchObject({ ok: false, error: { code: 'banned' } });
        await t.http.delete(`${API}/rooms/${room.id}/bans/${member.id}`).set(admin.auth).expect(204);
        expect(await ack(socket, 'room:join', { room_id: room.id })).toMatchObject({ ok: true });
      } finally {
        socket.close();
      }
      await t.http.get(`${API}/rooms/${room.id}/messages`).set(member.auth).expect(200);
    });

    it('lets only higher ranks remove, refuses self-removal and unknown members', async () => {
      const room = await staffedRoom();
      await t.http.delete(`${API}/rooms/${room.id}/members/${admin.id}`).set(member.auth).expect(403);
      await t.http.delete(`${API}/rooms/${room.id}/members/${owner.id}`).set(admin.auth).expect(403);
      await t.http.delete(`${API}/rooms/${room.id}/members/${admin.id}`).set(admin.auth).expect(400);
      await t.http.delete(`${API}/rooms/${room.id}/members/${outsider.id}`).set(owner.auth).expect(404);
      await t.http.delete(`${API}/rooms/${room.id}/members/${admin.id}`).set(owner.auth).expect(204);
      await t.http.get(`${API}/rooms/${room.id}`).set(admin.auth).expect(403);
    });
  });

  describe('POST /rooms/{id}/join and /leave', () => {
    it('joins a public room with a system message, 409 the second time, 403 for a private room', async () => {
      const open = await createRoom(t.http, owner, { name: 'Open', visibility: 'public' });
      const res = await t.http.post(`${API}/rooms/${open.id}/join`).set(outsider.auth).expect(200);
      expect(res.body).toMatchObject({ role: 'member', user: { id: outsider.id } });
      const again = await t.http.post(`${API}/rooms/${open.id}/join`).set(outsider.auth).expect(409);
      expect(again.body.code).toBe('already_in_room');
      const closed = await createRoom(t.http, owner);
      const denied = await t.http.post(`${API}/rooms/${closed.id}/join`).set(outsider.auth).expect(403);
      expect(denied.body.code).toBe('room_access_denied');
      await t.http.post(`${API}/rooms/${randomUUID()}/join`).set(outsider.auth).expect(404);
      const full = await createRoom(t.http, owner, { name: 'Tiny', visibility: 'public', max_participants: 2, participants: [member.id] });
      const refused = await t.http.post(`${API}/rooms/${full.id}/join`).set(outsider.auth).expect(409);
      expect(refused.body.code).toBe('room_full');
    });

    it("hands a leaving owner's room to the longest-standing admin, else member, and deletes it after the last", async () => {
      const room = await createRoom(t.http, owner, { participants: [member.id, admin.id] });
      await t.http.patch(`${API}/rooms/${room.id}/members/${admin.id}`).set(owner.auth).send({ role: 'admin' }).expect(200);
      await t.http.post(`${API}/rooms/${room.id}/leave`).set(owner.auth).expect(204);
      const view = await t.http.get(`${API}/rooms/${room.id}`).set(admin.auth).expect(200);
      expect(view.body).toMatchObject({ my_role: 'owner', participant_count: 2 });
      expect(view.body.last_message).toMatchObject({ type: 'system', content: 'Olive left the room' });
      await t.http.post(`${API}/rooms/${room.id}/leave`).set(admin.auth).expect(204);
      expect((await t.http.get(`${API}/rooms/${room.id}`).set(member.auth).expect(200)).body.my_role).toBe('owner');
      await t.http.post(`${API}/rooms/${room.id}/leave`).set(member.auth).expect(204);
      await t.http.get(`${API}/rooms/${room.id}`).set(member.auth).expect(404);
    });

    it('refuses to leave a ONE_TO_ONE room (409) and a room you are not in (403)', async () => {
      const dm = await t.http.post(`${API}/rooms/direct`).set(owner.auth).send({ user_id: member.id });
      const res = await t.http.post(`${API}/rooms/${dm.body.room.id}/leave`).set(owner.auth).expect(409);
      expect(res.body.code).toBe('cannot_leave');
      await t.http.post(`${API}/rooms/${dm.body.room.id}/leave`).set(outsider.auth).expect(403);
    });

    it('GET /online lists online members (none without sockets)', async () => {
      const room = await staffedRoom();
      const res = await t.http.get(`${API}/rooms/${room.id}/online`).set(member.auth).expect(200);
      expect(res.body).toEqual({ online_users: [], total_online: 0 });
      await t.http.get(`${API}/rooms/${room.id}/online`).set(outsider.auth).expect(403);
    });
  });

  describe('invitations', () => {
    it('invites, lists, accepts (joining the room) and declines', async () => {
      const room = await staffedRoom();
      const guest = await registerUser(t.http);
      const invited = await t.http.post(`${API}/rooms/${room.id}/invitations`).set(admin.auth).send({ user_id: guest.id }).expect(201);
      expect(invited.body).toMatchObject({
        room_id: room.id,
        status: 'pending',
        invited_by: { id: admin.id },
        invitee: { id: guest.id },
        room: { id: room.id },
      });
      const dup = await t.http.post(`${API}/rooms/${room.id}/invitations`).set(owner.auth).send({ user_id: guest.id }).expect(409);
      expect(dup.body.code).toBe('invitation_exists');
      const mine = await t.http.get(`${API}/invitations`).set(guest.auth).expect(200);
      expect(mine.body).toMatchObject({ count: 1, results: [{ id: invited.body.id }] });
      await t.http.post(`${API}/invitations/${invited.body.id}/accept`).set(outsider.auth).expect(404);
      const joined = await t.http.post(`${API}/invitations/${invited.body.id}/accept`).set(guest.auth).expect(200);
      expect(joined.body).toMatchObject({ role: 'member', user: { id: guest.id } });
      await t.http.get(`${API}/rooms/${room.id}`).set(guest.auth).expect(200);
      await t.http.post(`${API}/invitations/${invited.body.id}/accept`).set(guest.auth).expect(409);
      expect((await t.http.get(`${API}/invitations`).set(guest.auth)).body.count).toBe(0);

      const other = await registerUser(t.http);
      const second = await t.http.post(`${API}/rooms/${room.id}/invitations`).set(owner.auth).send({ user_id: other.id }).expect(201);
      await t.http.post(`${API}/invitations/${second.body.id}/decline`).set(other.auth).expect(204);
      await t.http.get(`${API}/rooms/${room.id}`).set(other.auth).expect(403);
      await t.http.post(`${API}/rooms/${room.id}/invitations`).set(owner.auth).send({ user_id: other.id }).expect(201);
    });

    it('tells the invitee live on every device (invitation:created), and nobody else', async () => {
      const room = await staffedRoom();
      const guest = await registerUser(t.http);
      const marker = await createRoom(t.http, owner, { participants: [member.id, outsider.id] });
      const [phone, laptop, inRoom, elsewhere] = await Promise.all([
        connect(t.baseUrl, guest.access),
        connect(t.baseUrl, guest.access),
        connect(t.baseUrl, member.access),
        connect(t.baseUrl, outsider.access),
      ]);
      try {
        const heard = [phone, laptop, inRoom, elsewhere].map((s) => record(s, 'invitation:created'));
        const markers = [inRoom, elsewhere].map((s) => record<{ content: string }>(s, 'message:new'));
        const invited = await t.http.post(`${API}/rooms/${room.id}/invitations`).set(admin.auth).send({ user_id: guest.id }).expect(201);
        // The invitee's view over REST, less the e-mail addresses no broadcast carries.
        const listed = (await t.http.get(`${API}/invitations`).set(guest.auth).expect(200)).body.results[0];
        const withoutEmail = JSON.parse(JSON.stringify(listed, (key, value) => (key === 'email' ? undefined : value)));
        await eventually(() => expect([heard[0].length, heard[1].length]).toEqual([1, 1]));
        expect(heard[0][0]).toEqual(withoutEmail);
        expect(heard[1][0]).toEqual(withoutEmail);
        expect(heard[0][0]).toMatchObject({ id: invited.body.id, room: { id: room.id }, invitee: { id: guest.id }, status: 'pending' });
        // Sockets get events in the order the server sends them: once the later message arrives, no invitation is on its way.
        await send(t.http, owner, marker.id, 'after the invitation');
        await eventually(() => expect(markers.map((m) => m.some((e) => e.content === 'after the invitation'))).toEqual([true, true]));
        expect([heard[2].length, heard[3].length]).toEqual([0, 0]);
      } finally {
        [phone, laptop, inRoom, elsewhere].forEach((s) => s.close());
      }
    });

    it('lets a pending invitation open a private room through /join', async () => {
      const room = await staffedRoom();
      const guest = await registerUser(t.http);
      await t.http.post(`${API}/rooms/${room.id}/join`).set(guest.auth).expect(403);
      await t.http.post(`${API}/rooms/${room.id}/invitations`).set(owner.auth).send({ user_id: guest.id }).expect(201);
      await t.http.post(`${API}/rooms/${room.id}/join`).set(guest.auth).expect(200);
      expect((await t.http.get(`${API}/invitations`).set(guest.auth)).body.count).toBe(0);
    });

    it('answers 403 for members and outsiders, 409 for a member, 400 for an unknown user, 404/400 for bad ids', async () => {
      const room = await staffedRoom();
      const guest = await registerUser(t.http);
      await t.http.post(`${API}/rooms/${room.id}/invitations`).set(member.auth).send({ user_id: guest.id }).expect(403);
      await t.http.post(`${API}/rooms/${room.id}/invitations`).set(outsider.auth).send({ user_id: guest.id }).expect(403);
      const already = await t.http.post(`${API}/rooms/${room.id}/invitations`).set(owner.auth).send({ user_id: member.id }).expect(409);
      expect(already.body.code).toBe('already_in_room');
      await t.http.post(`${API}/rooms/${room.id}/invitations`).set(owner.auth).send({ user_id: randomUUID() }).expect(400);
      await t.http.post(`${API}/rooms/${room.id}/invitations`).set(owner.auth).send({}).expect(400);
      await t.http.post(`${API}/invitations/${randomUUID()}/accept`).set(guest.auth).expect(404);
      await t.http.post(`${API}/invitations/nope/decline`).set(guest.auth).expect(400);
      await t.http.get(`${API}/invitations`).expect(401);
    });
  });

  it('keeps system messages out of unread counts', async () => {
    const room = await staffedRoom();
    await send(t.http, owner, room.id, 'one');
    const view = await t.http.get(`${API}/rooms/${room.id}`).set(member.auth).expect(200);
    expect(view.body.unread_count).toBe(1);
  });
});
