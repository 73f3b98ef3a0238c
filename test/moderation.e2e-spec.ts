import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ack, connect, ClientSocket, eventually, record } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';

const ADMIN = { ADMIN_USERNAME: 'globaladmin', ADMIN_PASSWORD: 'global-admin-password', ADMIN_EMAIL: 'ga@example.com' };

describe('Moderation and classroom controls (e2e)', () => {
  let t: TestApp;
  let owner: TestUser;
  let admin: TestUser;
  let member: TestUser;
  let outsider: TestUser;
  let root: { auth: { Authorization: string } };
  let rootId: string;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp(ADMIN);
    owner = await registerUser(t.http, { username: 'teacher' });
    admin = await registerUser(t.http, { username: 'assistant' });
    member = await registerUser(t.http, { username: 'student' });
    outsider = await registerUser(t.http, { username: 'stranger' });
    const login = await t.http.post(`${API}/auth/login`).send({ login: ADMIN.ADMIN_USERNAME, password: ADMIN.ADMIN_PASSWORD }).expect(200);
    root = { auth: { Authorization: `Bearer ${login.body.access_token}` } };
    rootId = login.body.user.id;
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await t.close();
  });

  async function classroom(extra: Record<string, unknown> = {}) {
    const room = await createRoom(t.http, owner, { name: 'Biology 101', participants: [admin.id, member.id], ...extra });
    await t.http.patch(`${API}/rooms/${room.id}/members/${admin.id}`).set(owner.auth).send({ role: 'admin' }).expect(200);
    return room;
  }

  async function socketOf(user: TestUser): Promise<ClientSocket> {
    const socket = await connect(t.baseUrl, user.access);
    sockets.push(socket);
    return socket;
  }

  describe('announcement rooms (posting: admins)', () => {
    it('lets owners and admins post and refuses members with posting_restricted over REST and sockets', async () => {
      const room = await classroom();
      const patched = await t.http.patch(`${API}/rooms/${room.id}`).set(admin.auth).send({ posting: 'admins' }).expect(200);
      expect(patched.body).toMatchObject({ posting: 'admins', slow_mode_seconds: 0, is_archived: false });
      await send(t.http, owner, room.id, 'Welcome to the course');
      await send(t.http, admin, room.id, 'Office hours on Friday');
      const refused = await t.http.post(`${API}/rooms/${room.id}/messages`).set(member.auth).send({ content: 'hi' }).expect(403);
      expect(refused.body).toEqual({ detail: expect.any(String), code: 'posting_restricted' });
      const socket = await socketOf(member);
      const acked = await ack(socket, 'message:send', { room_id: room.id, content: 'hi' });
      expect(acked).toMatchObject({ ok: false, error: { code: 'posting_restricted' } });
      await t.http.get(`${API}/rooms/${room.id}/messages`).set(member.auth).expect(200);
    });

    it('refuses settings from members (403), bad values (400) and outsiders (403)', async () => {
      const room = await classroom();
      await t.http.patch(`${API}/rooms/${room.id}`).set(member.auth).send({ posting: 'admins' }).expect(403);
      await t.http.patch(`${API}/rooms/${room.id}`).set(outsider.auth).send({ posting: 'admins' }).expect(403);
      const bad = await t.http
        .patch(`${API}/rooms/${room.id}`)
        .set(owner.auth)
        .send({ posting: 'nobody', slow_mode_seconds: 4000, retention_days: 0 })
        .expect(400);
      expect(Object.keys(bad.body).sort()).toEqual(['posting', 'retention_days', 'slow_mode_seconds']);
      await t.http.patch(`${API}/rooms/${room.id}`).send({ posting: 'admins' }).expect(401);
    });
  });

  describe('slow mode', () => {
    it('lets a member send once per interval (429 slow_mode with retry_after_ms); owners and admins are exempt', async () => {
      const room = await classroom();
      await t.http.patch(`${API}/rooms/${room.id}`).set(owner.auth).send({ slow_mode_seconds: 60 }).expect(200);
      await send(t.http, member, room.id, 'first');
      const refused = await t.http.post(`${API}/rooms/${room.id}/messages`).set(member.auth).send({ content: 'second' }).expect(429);
      expect(refused.body).toMatchObject({ code: 'slow_mode', retry_after_ms: expect.any(Number) });
      expect(refused.body.retry_after_ms).toBeGreaterThan(50_000);
      expect(refused.body.retry_after_ms).toBeLessThanOrEqual(60_000);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      const socket = await socketOf(member);
      expect(await ack(socket, 'message:send', { room_id: room.id, content: 'third' })).toMatchObject({ ok: false, error: { code: 'slow_mode' } });
      await send(t.http, admin, room.id, 'admins are exempt');
      await send(t.http, admin, room.id, 'still exempt');
    });

    it('accepts only one of many simultaneous sends from a slowed member', async () => {
      const room = await classroom();
      await t.http.patch(`${API}/rooms/${room.id}`).set(owner.auth).send({ slow_mode_seconds: 30 }).expect(200);
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          t.http
            .post(`${API}/rooms/${room.id}/messages`)
            .set(member.auth)
            .send({ content: `burst ${i}` }),
        ),
      );
      expect(results.filter((r) => r.status === 201)).toHaveLength(1);
      expect(results.filter((r) => r.status === 429).every((r) => r.body.code === 'slow_mode')).toBe(true);
    });
  });

  describe('timed mutes', () => {
    it('mutes a member until a time: they read but cannot post; unmuting lets them post again', async () => {
      const room = await classroom();
      const until = new Date(Date.now() + 3600_000).toISOString();
      const muted = await t.http
        .patch(`${API}/rooms/${room.id}/members/${member.id}`)
        .set(admin.auth)
        .send({ muted_until: until, reason: 'spam' })
        .expect(200);
      expect(muted.body.muted_until).toBe(until);
      const refused = await t.http.post(`${API}/rooms/${room.id}/messages`).set(member.auth).send({ content: 'hello?' }).expect(403);
      expect(refused.body.code).toBe('member_muted');
      await t.http.get(`${API}/rooms/${room.id}/messages`).set(member.auth).expect(200);
      await t.http.patch(`${API}/rooms/${room.id}/members/${member.id}`).set(admin.auth).send({ muted_until: null }).expect(200);
      await send(t.http, member, room.id, 'back');
    });

    it('refuses muting from members, of equals or the owner, and bad times', async () => {
      const room = await classroom();
      const later = new Date(Date.now() + 60_000).toISOString();
      await t.http.patch(`${API}/rooms/${room.id}/members/${admin.id}`).set(member.auth).send({ muted_until: later }).expect(403);
      await t.http.patch(`${API}/rooms/${room.id}/members/${owner.id}`).set(admin.auth).send({ muted_until: later }).expect(403);
      await t.http.patch(`${API}/rooms/${room.id}/members/${member.id}`).set(admin.auth).send({ muted_until: 'tomorrow' }).expect(400);
      await t.http.patch(`${API}/rooms/${room.id}/members/${member.id}`).set(admin.auth).send({}).expect(400);
      await t.http.patch(`${API}/rooms/${room.id}/members/${outsider.id}`).set(admin.auth).send({ muted_until: later }).expect(404);
    });
  });

  describe('archive', () => {
    it('makes a room read-only for everyone and lists it apart until unarchived', async () => {
      const room = await classroom({ visibility: 'public' });
      const message = await send(t.http, member, room.id, 'before the archive');
      const archived = await t.http.post(`${API}/rooms/${room.id}/archive?reason=term ended`).set(owner.auth).expect(200);
      expect(archived.body).toMatchObject({ is_archived: true, archived_at: expect.any(String) });
      for (const [user, content] of [
        [member, 'late'],
        [owner, 'even the owner'],
      ] as const) {
        const res = await t.http.post(`${API}/rooms/${room.id}/messages`).set(user.auth).send({ content }).expect(409);
        expect(res.body.code).toBe('room_archived');
      }
      const edit = await t.http.patch(`${API}/rooms/${room.id}/messages/${message.id}`).set(member.auth).send({ content: 'edited' }).expect(409);
      expect(edit.body.code).toBe('room_archived');
      const join = await t.http.post(`${API}/rooms/${room.id}/join`).set(outsider.auth).expect(409);
      expect(join.body.code).toBe('room_archived');
      const socket = await socketOf(member);
      expect(await ack(socket, 'message:send', { room_id: room.id, content: 'ws' })).toMatchObject({ ok: false, error: { code: 'room_archived' } });
      await t.http.get(`${API}/rooms/${room.id}/messages`).set(member.auth).expect(200);
      await t.http.get(`${API}/rooms/${room.id}/messages/${message.id}/receipts`).set(member.auth).expect(200);

      const listed = await t.http.get(`${API}/rooms?archived=true`).set(member.auth).expect(200);
      expect(listed.body.results.map((r: { id: string }) => r.id)).toContain(room.id);
      const active = await t.http.get(`${API}/rooms`).set(member.auth).expect(200);
      expect(active.body.results.map((r: { id: string }) => r.id)).not.toContain(room.id);

      await t.http.post(`${API}/rooms/${room.id}/unarchive`).set(member.auth).expect(403);
      await t.http.post(`${API}/rooms/${room.id}/unarchive`).set(admin.auth).expect(200);
      await send(t.http, member, room.id, 'after the archive');
    });

    it('answers 401, 403 and 404 on the archive routes', async () => {
      const room = await classroom();
      await t.http.post(`${API}/rooms/${room.id}/archive`).expect(401);
      await t.http.post(`${API}/rooms/${room.id}/archive`).set(outsider.auth).expect(403);
      await t.http.post(`${API}/rooms/${room.id}/archive`).set(member.auth).expect(403);
      await t.http.post(`${API}/rooms/00000000-0000-7000-8000-000000000000/archive`).set(owner.auth).expect(404);
      await t.http.post(`${API}/rooms/not-a-uuid/archive`).set(owner.auth).expect(400);
    });
  });

  describe('blocks', () => {
    it('stops direct rooms both ways and sends in an existing one, without telling the blocked user more', async () => {
      const [alice, bob] = [await registerUser(t.http), await registerUser(t.http)];
      const dm = await t.http.post(`${API}/rooms/direct`).set(alice.auth).send({ user_id: bob.id }).expect(201);
      const roomId = dm.body.room.id;
      await send(t.http, bob, roomId, 'hi alice');
      await t.http.put(`${API}/users/me/blocks/${bob.id}`).set(alice.auth).expect(201);
      await t.http.put(`${API}/users/me/blocks/${bob.id}`).set(alice.auth).expect(204);
      for (const [from, to] of [
        [alice, bob],
        [bob, alice],
      ]) {
        const sent = await t.http.post(`${API}/rooms/${roomId}/messages`).set(from.auth).send({ content: 'hello' }).expect(403);
        expect(sent.body.code).toBe('blocked');
        const opened = await t.http.post(`${API}/rooms/direct`).set(from.auth).send({ user_id: to.id }).expect(403);
        expect(opened.body.code).toBe('blocked');
      }
      const bobSocket = await socketOf(bob);
      expect(await ack(bobSocket, 'message:send', { room_id: roomId, content: 'ws' })).toMatchObject({ ok: false, error: { code: 'blocked' } });
      const list = await t.http.get(`${API}/users/me/blocks`).set(alice.auth).expect(200);
      expect(list.body).toMatchObject({ count: 1, results: [{ user: { id: bob.id }, blocked_at: expect.any(String) }] });
      await t.http
        .get(`${API}/users/me/blocks`)
        .set(bob.auth)
        .expect(200)
        .expect((res) => expect(res.body.count).toBe(0));
      await t.http.delete(`${API}/users/me/blocks/${bob.id}`).set(alice.auth).expect(204);
      await send(t.http, bob, roomId, 'hi again');
    });

    it('keeps a blocked user from putting the blocker in any room and from reaching them by mention', async () => {
      const [carol, dave, erin] = [await registerUser(t.http), await registerUser(t.http), await registerUser(t.http)];
      await t.http.put(`${API}/users/me/blocks/${dave.id}`).set(carol.auth).expect(201);
      const refusals = [
        await t.http
          .post(`${API}/rooms`)
          .set(dave.auth)
          .send({ name: 'trap', room_type: 'GROUP', participants: [erin.id, carol.id] }),
        await t.http
          .post(`${API}/rooms/initiate`)
          .set(dave.auth)
          .send({ user_ids: [carol.id, erin.id], room_type: 'GROUP' }),
      ];
      const daves = await createRoom(t.http, dave, { name: 'daves room', participants: [erin.id] });
      refusals.push(
        await t.http
          .post(`${API}/rooms/${daves.id}/members`)
          .set(dave.auth)
          .send({ user_ids: [carol.id] }),
      );
      refusals.push(await t.http.post(`${API}/rooms/${daves.id}/invitations`).set(dave.auth).send({ user_id: carol.id }));
      for (const res of refusals) expect([res.status, res.body.code]).toEqual([403, 'blocked']);
      const members = await t.http.get(`${API}/rooms/${daves.id}/members`).set(dave.auth).expect(200);
      expect(members.body.results.map((m: { user: { id: string } }) => m.user.id)).not.toContain(carol.id);
      await t.http
        .get(`${API}/invitations`)
        .set(carol.auth)
        .expect(200)
        .expect((res) => expect(res.body.count).toBe(0));

      // The blocker chooses: carol may still put dave in her own room. There, dave's mentions never reach her.
      const shared = await createRoom(t.http, carol, { name: 'carols room', participants: [dave.id, erin.id] });
      await t.http.patch(`${API}/rooms/${shared.id}/members/${dave.id}`).set(carol.auth).send({ role: 'admin' }).expect(200);
      const carolHears = record(await socketOf(carol), 'mention');
      const erinHears = record(await socketOf(erin), 'mention');
      const named = await send(t.http, dave, shared.id, `@${carol.username} @${erin.username} look`);
      await send(t.http, dave, shared.id, 'everyone @room');
      await eventually(() => expect(erinHears).toHaveLength(2));
      expect(carolHears).toEqual([]);
      expect(named.mentions).toEqual([{ id: erin.id, username: erin.username }]);
      await t.http
        .get(`${API}/users/me/mentions`)
        .set(carol.auth)
        .expect(200)
        .expect((res) => expect(res.body.results).toEqual([]));
      const room = await t.http.get(`${API}/rooms/${shared.id}`).set(carol.auth).expect(200);
      expect(room.body.unread_mentions).toBe(0);
    });

    it('answers 400 for yourself or a bad id, 404 for an unknown user, 401 without a token', async () => {
      await t.http.put(`${API}/users/me/blocks/${member.id}`).set(member.auth).expect(400);
      await t.http.put(`${API}/users/me/blocks/nope`).set(member.auth).expect(400);
      await t.http.put(`${API}/users/me/blocks/00000000-0000-7000-8000-000000000000`).set(member.auth).expect(404);
      await t.http.get(`${API}/users/me/blocks`).expect(401);
    });
  });

  it('lets a global admin moderate any room but take part (react, post, pin) only as a member', async () => {
    const room = await classroom();
    const message = await send(t.http, member, room.id, 'hello class');
    const reaction = `${API}/rooms/${room.id}/messages/${message.id}/reactions/${encodeURIComponent('👍')}`;
    for (const res of [
      await t.http.put(reaction).set(root.auth),
      await t.http.post(`${API}/rooms/${room.id}/messages`).set(root.auth).send({ content: 'from above' }),
    ]) {
      expect([res.status, res.body.code]).toEqual([403, 'permission_denied']);
    }
    await t.http.delete(`${API}/rooms/${room.id}/messages/${message.id}`).set(root.auth).expect(204);
    const other = await send(t.http, member, room.id, 'still here');
    await t.http
      .post(`${API}/rooms/${room.id}/members`)
      .set(root.auth)
      .send({ user_ids: [rootId] })
      .expect(201);
    await t.http
      .put(`${API}/rooms/${room.id}/messages/${other.id}/reactions/${encodeURIComponent('👍')}`)
      .set(root.auth)
      .expect(200);
  });

  describe('reports and the moderation queue', () => {
    it('a report resolved with "ban" deletes nothing else, bans, audits and tells the reporter', async () => {
      const room = await classroom();
      const spammer = await registerUser(t.http, { username: 'spammer' });
      await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(owner.auth)
        .send({ user_ids: [spammer.id] })
        .expect(201);
      const spam = await send(t.http, spammer, room.id, 'buy cheap pills');
      const reporterSocket = await socketOf(member);
      const notices = record(reporterSocket, 'report:resolved');

      const report = await t.http
        .post(`${API}/rooms/${room.id}/messages/${spam.id}/report`)
        .set(member.auth)
        .send({ reason: 'spam', details: 'ads' })
        .expect(201);
      expect(report.body).toMatchObject({ status: 'open', target_type: 'message', target_id: spam.id, reason: 'spam' });
      expect(report.body.reporter_id).toBeUndefined();
      const again = await t.http.post(`${API}/rooms/${room.id}/messages/${spam.id}/report`).set(member.auth).send({ reason: 'spam' }).expect(409);
      expect(again.body.code).toBe('report_exists');

      const queue = await t.http.get(`${API}/moderation/reports?status=open&room_id=${room.id}`).set(admin.auth).expect(200);
      expect(queue.body.results).toEqual([
        expect.objectContaining({ id: report.body.id, target_content: 'buy cheap pills', reporter_id: member.id }),
      ]);
      await t.http
        .get(`${API}/moderation/reports?room_id=${room.id}`)
        .set(member.auth)
        .expect(200)
        .expect((res) => expect(res.body.results).toEqual([]));
      await t.http.get(`${API}/moderation/reports/${report.body.id}`).set(member.auth).expect(404);
      await t.http.post(`${API}/moderation/reports/${report.body.id}/resolve`).set(member.auth).send({ action: 'ban' }).expect(404);

      const resolved = await t.http
        .post(`${API}/moderation/reports/${report.body.id}/resolve`)
        .set(admin.auth)
        .send({ action: 'ban', note: 'spam bot' })
        .expect(200);
      expect(resolved.body).toMatchObject({ status: 'resolved', action: 'ban', resolution_note: 'spam bot' });
      await t.http.post(`${API}/moderation/reports/${report.body.id}/resolve`).set(admin.auth).send({ action: 'ban' }).expect(409);
      await eventually(() => expect(notices).toEqual([expect.objectContaining({ id: report.body.id, status: 'resolved', action: 'ban' })]));
      const rejoin = await t.http.post(`${API}/rooms/${room.id}/messages`).set(spammer.auth).send({ content: 'again' });
      expect(rejoin.status).toBe(403);
      const audit = await t.http.get(`${API}/rooms/${room.id}/audit`).set(owner.auth).expect(200);
      expect(audit.body.results.map((e: { action: string }) => e.action)).toEqual(expect.arrayContaining(['member.banned', 'report.resolved']));
    });

    it('resolves with delete_message and mute; refuses bad actions (400) and unknown reports (404)', async () => {
      const room = await classroom();
      const rude = await send(t.http, member, room.id, 'rude words');
      const report = await t.http
        .post(`${API}/rooms/${room.id}/messages/${rude.id}/report`)
        .set(admin.auth)
        .send({ reason: 'harassment' })
        .expect(201);
      await t.http.post(`${API}/moderation/reports/${report.body.id}/resolve`).set(owner.auth).send({ action: 'explode' }).expect(400);
      await t.http.post(`${API}/moderation/reports/${report.body.id}/resolve`).set(owner.auth).send({ action: 'delete_message' }).expect(200);
      const gone = await t.http.get(`${API}/rooms/${room.id}/messages/${rude.id}`).set(owner.auth).expect(200);
      expect(gone.body.deleted).toBe(true);
      const second = await send(t.http, member, room.id, 'more rude words');
      const next = await t.http
        .post(`${API}/rooms/${room.id}/messages/${second.id}/report`)
        .set(admin.auth)
        .send({ reason: 'harassment' })
        .expect(201);
      await t.http.post(`${API}/moderation/reports/${next.body.id}/resolve`).set(owner.auth).send({ action: 'mute', mute_minutes: 10 }).expect(200);
      const muted = await t.http.post(`${API}/rooms/${room.id}/messages`).set(member.auth).send({ content: 'x' }).expect(403);
      expect(muted.body.code).toBe('member_muted');
      await t.http
        .post(`${API}/moderation/reports/00000000-0000-7000-8000-000000000000/resolve`)
        .set(owner.auth)
        .send({ action: 'dismiss' })
        .expect(404);
    });

    it('tells each reporter of one message about their own report only', async () => {
      const room = await classroom();
      const spam = await send(t.http, admin, room.id, 'spammy');
      const [a, b] = [await socketOf(owner), await socketOf(member)];
      const [toOwner, toMember] = [
        record<{ id: string; details: string }>(a, 'report:resolved'),
        record<{ id: string; details: string }>(b, 'report:resolved'),
      ];
      const ownerReport = await t.http
        .post(`${API}/rooms/${room.id}/messages/${spam.id}/report`)
        .set(owner.auth)
        .send({ reason: 'spam', details: 'owner words' })
        .expect(201);
      const memberReport = await t.http
        .post(`${API}/rooms/${room.id}/messages/${spam.id}/report`)
        .set(member.auth)
        .send({ reason: 'other', details: 'private member words' })
        .expect(201);
      await t.http.post(`${API}/moderation/reports/${ownerReport.body.id}/resolve`).set(root.auth).send({ action: 'dismiss' }).expect(200);
      await eventually(() => {
        expect(toOwner).toEqual([expect.objectContaining({ id: ownerReport.body.id, details: 'owner words' })]);
        expect(toMember).toEqual([expect.objectContaining({ id: memberReport.body.id, details: 'private member words', status: 'resolved' })]);
      });
    });

    it('bans a user who already left (leaving first escapes nothing)', async () => {
      const room = await classroom({ visibility: 'public' });
      const leaver = await registerUser(t.http);
      await t.http.post(`${API}/rooms/${room.id}/join`).set(leaver.auth).expect(200);
      await t.http.post(`${API}/rooms/${room.id}/leave`).set(leaver.auth).expect(204);
      await t.http.delete(`${API}/rooms/${room.id}/members/${leaver.id}?ban=true`).set(owner.auth).expect(204);
      const back = await t.http.post(`${API}/rooms/${room.id}/join`).set(leaver.auth).expect(403);
      expect(back.body.code).toBe('banned');
      await t.http.delete(`${API}/rooms/${room.id}/members/${leaver.id}`).set(owner.auth).expect(404); // a kick still needs a member
    });

    it('counts a message deleted twice at once only once', async () => {
      const room = await classroom();
      const message = await send(t.http, member, room.id, 'delete me');
      const before = (await t.http.get(`${API}/rooms/${room.id}`).set(owner.auth).expect(200)).body.message_count;
      await Promise.all([
        t.http.delete(`${API}/rooms/${room.id}/messages/${message.id}`).set(member.auth).expect(204),
        t.http.delete(`${API}/rooms/${room.id}/messages/${message.id}`).set(owner.auth).expect(204),
      ]);
      const after = (await t.http.get(`${API}/rooms/${room.id}`).set(owner.auth).expect(200)).body.message_count;
      expect(after).toBe(before - 1);
    });

    it('user reports go to global admins; reporting needs read access, a known reason, not yourself', async () => {
      const room = await classroom();
      const message = await send(t.http, member, room.id, 'hello');
      await t.http.post(`${API}/rooms/${room.id}/messages/${message.id}/report`).set(outsider.auth).send({ reason: 'spam' }).expect(403);
      await t.http.post(`${API}/rooms/${room.id}/messages/${message.id}/report`).set(member.auth).send({ reason: 'spam' }).expect(400);
      await t.http.post(`${API}/rooms/${room.id}/messages/${message.id}/report`).set(owner.auth).send({ reason: 'boring' }).expect(400);
      await t.http.post(`${API}/rooms/${room.id}/messages/${message.id}/report`).send({ reason: 'spam' }).expect(401);
      const report = await t.http.post(`${API}/users/${member.id}/report`).set(outsider.auth).send({ reason: 'harassment' }).expect(201);
      await t.http.get(`${API}/moderation/reports/${report.body.id}`).set(owner.auth).expect(404);
      const seen = await t.http.get(`${API}/moderation/reports?target_type=user`).set(root.auth).expect(200);
      expect(seen.body.results.map((r: { id: string }) => r.id)).toContain(report.body.id);
      await t.http.post(`${API}/moderation/reports/${report.body.id}/resolve`).set(root.auth).send({ action: 'kick' }).expect(400);
      await t.http.post(`${API}/moderation/reports/${report.body.id}/resolve`).set(root.auth).send({ action: 'dismiss' }).expect(200);
    });
  });

  describe('audit log', () => {
    it('records each moderation action and survives deleting the room', async () => {
      const room = await classroom();
      await t.http.patch(`${API}/rooms/${room.id}`).set(owner.auth).send({ slow_mode_seconds: 5 }).expect(200);
      await t.http.post(`${API}/rooms/${room.id}/archive`).set(owner.auth).expect(200);
      await t.http.post(`${API}/rooms/${room.id}/unarchive`).set(owner.auth).expect(200);
      await t.http.delete(`${API}/rooms/${room.id}/members/${member.id}?reason=left the course`).set(admin.auth).expect(204);
      await t.http.delete(`${API}/rooms/${room.id}`).set(owner.auth).expect(204);
      const page = await t.http.get(`${API}/admin/audit?room_id=${room.id}&limit=3`).set(root.auth).expect(200);
      expect(page.body.results.map((e: { action: string }) => e.action)).toEqual(['room.deleted', 'member.kicked', 'room.unarchived']);
      expect(page.body.results[0]).toMatchObject({ actor_id: owner.id, actor_name: 'teacher', room_name: 'Biology 101' });
      expect(page.body.results[1]).toMatchObject({ target_id: member.id, target_name: 'student', reason: 'left the course' });
      const next = new URL(page.body.next);
      const older = await t.http
        .get(next.pathname + next.search)
        .set(root.auth)
        .expect(200);
      expect(older.body.results.map((e: { action: string }) => e.action)).toEqual(['room.archived', 'room.updated', 'member.role_changed']);
    });

    it('is for owners/admins of the room and global admins only', async () => {
      const room = await classroom();
      await t.http.get(`${API}/rooms/${room.id}/audit`).set(member.auth).expect(403);
      await t.http.get(`${API}/rooms/${room.id}/audit`).set(outsider.auth).expect(403);
      await t.http.get(`${API}/rooms/${room.id}/audit`).expect(401);
      await t.http.get(`${API}/admin/audit`).set(owner.auth).expect(403);
      await t.http.get(`${API}/admin/audit?before=nope`).set(root.auth).expect(400);
    });
  });
});
