import { randomUUID } from 'node:crypto';
import { createRoom, send } from './support/chat';
import { ADMIN_ACCOUNT, registerUser, TestUser } from './support/factories';
import { connect, disconnected } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';

/** Who may become a support agent, and the per-account login budget (docs/limits-abuse.md). */
describe('Accounts under abuse (e2e)', () => {
  let t: TestApp;
  let root: { Authorization: string };
  const admin = ADMIN_ACCOUNT;

  beforeAll(async () => {
    // TRUST_PROXY: X-Forwarded-For stands for the client IP, so one test plays several clients.
    t = await startTestApp({ ...admin, TRUST_PROXY: 'true', THROTTLE_AUTH_LOGIN_LIMIT: '3', THROTTLE_AUTH_TTL: '60s' });
    const login = await t.http
      .post(`${API}/auth/login`)
      .set('X-Forwarded-For', '10.0.0.1')
      .send({ login: 'root', password: admin.ADMIN_PASSWORD })
      .expect(200);
    root = { Authorization: `Bearer ${login.body.access_token}` };
  });
  afterAll(async () => {
    await t.close();
  });

  const login = (from: string, loginName: string, password: string) =>
    t.http.post(`${API}/auth/login`).set('X-Forwarded-For', from).send({ login: loginName, password });

  describe('login budget per account', () => {
    let owner: TestUser;
    beforeAll(async () => {
      owner = await registerUser(t.http, { username: 'owner_acct' });
    });

    it('counts failures by username and by email against one budget, and lets the owner in from a clean client', async () => {
      await login('10.1.1.1', 'owner_acct', 'wrong-password').expect(401);
      await login('10.1.1.1', owner.email, 'wrong-password').expect(401);
      await login('10.1.1.2', 'OWNER_ACCT', 'wrong-password').expect(401);
      // The budget (3) is spent: by email or by name, the attacker's clients are refused.
      const refused = await login('10.1.1.1', owner.email, 'wrong-password').expect(429);
      expect(refused.body.code).toBe('throttled');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await login('10.1.1.2', 'owner_acct', owner.password).expect(429);
      // The owner's own client has not failed: the correct password gets in, by name or email.
      await login('10.9.9.9', 'owner_acct', owner.password).expect(200);
      await login('10.9.9.9', owner.email, owner.password).expect(200);
    });

    it('gives a clean client one wrong guess on a locked account, then refuses it too', async () => {
      await login('10.2.2.2', 'owner_acct', 'still-wrong').expect(401);
      await login('10.2.2.2', 'owner_acct', owner.password).expect(429);
    });

    it('keys unknown logins on their normalised text', async () => {
      for (let i = 0; i < 3; i += 1) await login('10.3.3.3', 'Ghost', 'nope-nope').expect(401);
      await login('10.3.3.3', ' ghost ', 'nope-nope').expect(429);
    });
  });

  describe('support agents', () => {
    it('refuses user_type support at registration with a field error', async () => {
      const res = await t.http
        .post(`${API}/auth/register`)
        .send({ username: 'self_agent', email: 'self_agent@example.com', password: 'long-enough-1', user_type: 'support' })
        .expect(400);
      expect(res.body).toEqual({ user_type: [expect.stringMatching(/support agents are made by an administrator/)] });
      await t.http
        .post(`${API}/auth/register`)
        .send({ username: 'plain_user', email: 'plain@example.com', password: 'long-enough-1', user_type: 'consumer' })
        .expect(201);
    });

    it('refuses user_type in a profile update', async () => {
      const user = await registerUser(t.http);
      const res = await t.http.patch(`${API}/users/me`).set(user.auth).send({ user_type: 'support' }).expect(400);
      expect(res.body).toHaveProperty('user_type');
    });

    it('lets a global admin make and unmake a support agent, who then reads private SUPPORT rooms', async () => {
      const customer = await registerUser(t.http);
      const agent = await registerUser(t.http);
      const help = await createRoom(t.http, customer, { room_type: 'SUPPORT', name: 'Help' });
      await t.http.get(`${API}/rooms/${help.id}`).set(agent.auth).expect(403);
      await t.http.patch(`${API}/users/${agent.id}`).set(agent.auth).send({ user_type: 'support' }).expect(403);
      await t.http.patch(`${API}/users/${agent.id}`).set(customer.auth).send({ user_type: 'support' }).expect(403);
      // A live socket was authorised as a consumer: it must reconnect with the new rights.
      const socket = await connect(t.baseUrl, agent.access);
      const gone = disconnected(socket);
      const made = await t.http.patch(`${API}/users/${agent.id}`).set(root).send({ user_type: 'support' }).expect(200);
      expect(made.body).toMatchObject({ id: agent.id, user_type: 'support' });
      await t.http.get(`${API}/rooms/${help.id}`).set(agent.auth).expect(200);
      await expect(gone).resolves.toBe('io server disconnect');
      await t.http.patch(`${API}/users/${agent.id}`).set(root).send({ user_type: 'consumer' }).expect(200);
      const audit = await t.http.get(`${API}/admin/audit`).set(root).expect(200);
      const changes = audit.body.results.filter(
        (e: { action: string; target_id: string }) => e.action === 'user.type_changed' && e.target_id === agent.id,
      );
      expect(changes.map((e: { details: unknown }) => e.details)).toEqual([
        { from: 'support', to: 'consumer' },
        { from: 'consumer', to: 'support' },
      ]);
      await t.http.get(`${API}/rooms/${help.id}`).set(agent.auth).expect(403);
    });

    it('answers 400, 404 and 401 on the admin route', async () => {
      const user = await registerUser(t.http);
      const bad = await t.http.patch(`${API}/users/${user.id}`).set(root).send({ user_type: 'boss' }).expect(400);
      expect(bad.body).toHaveProperty('user_type');
      await t.http.patch(`${API}/users/${user.id}`).set(root).send({}).expect(400);
      await t.http.patch(`${API}/users/${user.id}`).set(root).send({ user_type: 'support', role: 'admin' }).expect(400);
      await t.http.patch(`${API}/users/${randomUUID()}`).set(root).send({ user_type: 'support' }).expect(404);
      await t.http.patch(`${API}/users/not-a-uuid`).set(root).send({ user_type: 'support' }).expect(400);
      await t.http.patch(`${API}/users/${user.id}`).send({ user_type: 'support' }).expect(401);
    });
  });

  describe('bans', () => {
    let owner: TestUser;
    let roomAdmin: TestUser;
    let member: TestUser;
    let room: { id: string };

    beforeAll(async () => {
      [owner, roomAdmin, member] = await Promise.all([registerUser(t.http), registerUser(t.http), registerUser(t.http)]);
      room = await createRoom(t.http, owner, { participants: [roomAdmin.id, member.id] });
      await t.http.patch(`${API}/rooms/${room.id}/members/${roomAdmin.id}`).set(owner.auth).send({ role: 'admin' }).expect(200);
    });

    it('keeps a banned user out of adds, invitations and invitations sent before the ban', async () => {
      const early = await registerUser(t.http);
      const invitation = await t.http.post(`${API}/rooms/${room.id}/invitations`).set(roomAdmin.auth).send({ user_id: early.id }).expect(201);
      await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(owner.auth)
        .send({ user_ids: [early.id] })
        .expect(201);
      await t.http.delete(`${API}/rooms/${room.id}/members/${early.id}?ban=true`).set(owner.auth).expect(204);
      await t.http.delete(`${API}/rooms/${room.id}/members/${member.id}?ban=true`).set(owner.auth).expect(204);
      const readd = await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(roomAdmin.auth)
        .send({ user_ids: [member.id] })
        .expect(409);
      expect(readd.body).toEqual({ code: 'user_banned', detail: expect.any(String) });
      await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(root)
        .send({ user_ids: [member.id] })
        .expect(409);
      const invite = await t.http.post(`${API}/rooms/${room.id}/invitations`).set(roomAdmin.auth).send({ user_id: member.id }).expect(409);
      expect(invite.body.code).toBe('user_banned');
      expect((await t.http.post(`${API}/rooms/${room.id}/join`).set(member.auth).expect(403)).body.code).toBe('banned');
      // An invitation sent before the ban was withdrawn by it.
      expect((await t.http.get(`${API}/invitations`).set(early.auth).expect(200)).body.count).toBe(0);
      await t.http.post(`${API}/invitations/${invitation.body.id}/accept`).set(early.auth).expect(409);
      await t.http.get(`${API}/rooms/${room.id}/messages`).set(member.auth).expect(403);
    });

    it('lists bans to owners and admins only', async () => {
      const list = await t.http.get(`${API}/rooms/${room.id}/bans`).set(roomAdmin.auth).expect(200);
      expect(list.body.count).toBe(2);
      expect(list.body.results.map((b: { user: { id: string } }) => b.user.id)).toContain(member.id);
      expect(list.body.results[0]).toMatchObject({ banned_by: owner.id, created_at: expect.any(String) });
      const plain = await registerUser(t.http);
      await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(owner.auth)
        .send({ user_ids: [plain.id] })
        .expect(201);
      await t.http.get(`${API}/rooms/${room.id}/bans`).set(plain.auth).expect(403);
      await t.http.get(`${API}/rooms/${room.id}/bans`).set(member.auth).expect(403);
      await t.http.get(`${API}/rooms/${randomUUID()}/bans`).set(owner.auth).expect(404);
      await t.http.get(`${API}/rooms/nope/bans`).set(owner.auth).expect(400);
      await t.http.get(`${API}/rooms/${room.id}/bans`).expect(401);
    });

    it('lets a user back only after an explicit unban', async () => {
      await t.http.delete(`${API}/rooms/${room.id}/bans/${member.id}`).set(member.auth).expect(403);
      await t.http.delete(`${API}/rooms/${room.id}/bans/${member.id}`).set(roomAdmin.auth).expect(204);
      await t.http.delete(`${API}/rooms/${room.id}/bans/${member.id}`).set(roomAdmin.auth).expect(404);
      const audit = await t.http.get(`${API}/rooms/${room.id}/audit`).set(owner.auth).expect(200);
      expect(audit.body.results.find((e: { action: string }) => e.action === 'member.unbanned')).toMatchObject({
        actor_id: roomAdmin.id,
        target_id: member.id,
        room_id: room.id,
      });
      await t.http.delete(`${API}/rooms/${room.id}/bans/not-a-uuid`).set(roomAdmin.auth).expect(400);
      await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(roomAdmin.auth)
        .send({ user_ids: [member.id] })
        .expect(201);
      await t.http.get(`${API}/rooms/${room.id}/messages`).set(member.auth).expect(200);
    });
  });

  describe('invitations before acceptance', () => {
    let owner: TestUser;
    let guest: TestUser;
    let member: TestUser;
    let room: { id: string };
    let invitationId: string;

    beforeAll(async () => {
      [owner, guest, member] = await Promise.all([registerUser(t.http), registerUser(t.http), registerUser(t.http)]);
      room = await createRoom(t.http, owner, { name: 'Secret plans', description: 'do not read', meta: { budget: 42 }, participants: [member.id] });
      await send(t.http, owner, room.id, 'the secret');
      invitationId = (await t.http.post(`${API}/rooms/${room.id}/invitations`).set(owner.auth).send({ user_id: guest.id }).expect(201)).body.id;
    });

    it('shows the invitee the room name, type, inviter and member count, never its messages or meta', async () => {
      await send(t.http, owner, room.id, 'another secret');
      const mine = await t.http.get(`${API}/invitations`).set(guest.auth).expect(200);
      const [invitation] = mine.body.results;
      expect(invitation.room).toEqual({
        id: room.id,
        name: 'Secret plans',
        room_type: 'GROUP',
        visibility: 'private',
        participant_count: 2,
        created_at: expect.any(String),
      });
      expect(invitation.invited_by.id).toBe(owner.id);
      expect(JSON.stringify(mine.body)).not.toMatch(/secret|budget|do not read/);
    });

    it("lists a room's pending invitations to owners and admins", async () => {
      const list = await t.http.get(`${API}/rooms/${room.id}/invitations`).set(owner.auth).expect(200);
      expect(list.body.results.map((i: { id: string }) => i.id)).toEqual([invitationId]);
      await t.http.get(`${API}/rooms/${room.id}/invitations`).set(member.auth).expect(403);
      await t.http.get(`${API}/rooms/${room.id}/invitations`).set(guest.auth).expect(403);
      await t.http.get(`${API}/rooms/${randomUUID()}/invitations`).set(owner.auth).expect(404);
      await t.http.get(`${API}/rooms/${room.id}/invitations`).expect(401);
    });

    it('withdraws a pending invitation: gone for the invitee, and cannot be accepted', async () => {
      await t.http.delete(`${API}/rooms/${room.id}/invitations/${invitationId}`).set(member.auth).expect(403);
      const other = await createRoom(t.http, owner);
      await t.http.delete(`${API}/rooms/${other.id}/invitations/${invitationId}`).set(owner.auth).expect(404);
      await t.http.delete(`${API}/rooms/${room.id}/invitations/${randomUUID()}`).set(owner.auth).expect(404);
      await t.http.delete(`${API}/rooms/${room.id}/invitations/nope`).set(owner.auth).expect(400);
      await t.http.delete(`${API}/rooms/${room.id}/invitations/${invitationId}`).set(owner.auth).expect(204);
      await t.http.delete(`${API}/rooms/${room.id}/invitations/${invitationId}`).set(owner.auth).expect(409);
      expect((await t.http.get(`${API}/invitations`).set(guest.auth).expect(200)).body.count).toBe(0);
      expect((await t.http.get(`${API}/rooms/${room.id}/invitations`).set(owner.auth).expect(200)).body.count).toBe(0);
      await t.http.post(`${API}/invitations/${invitationId}/accept`).set(guest.auth).expect(409);
      await t.http.post(`${API}/rooms/${room.id}/join`).set(guest.auth).expect(403);
    });
  });
});
