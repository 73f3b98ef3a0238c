import { randomUUID } from 'node:crypto';
import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ack, ClientSocket, connect } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * Per-user abuse limits (docs/limits-abuse.md), each set low here. Every test uses
 * fresh users, so one app serves them all: budgets are per user.
 */
describe('Abuse limits (e2e)', () => {
  let t: TestApp;
  const sockets: ClientSocket[] = [];
  const open = async (user: TestUser) => {
    const socket = await connect(t.baseUrl, user.access);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await startTestApp({
      SOCKET_RATE_LIMIT: '4',
      SOCKET_RATE_WINDOW: '60s',
      ROOM_CREATE_LIMIT: '3',
      INVITE_LIMIT: '4',
      INVITE_REPEAT_LIMIT: '2',
      MEMBER_ADD_LIMIT: '5',
      MEMBER_ADDED_LIMIT: '3',
      REACTION_LIMIT: '4',
      REPORT_LIMIT: '2',
      SOCKET_TYPING_LIMIT: '5',
      SOCKET_READ_LIMIT: '3',
      SOCKET_SYNC_LIMIT: '2',
      SOCKET_MAX_PER_USER: '2',
    });
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });
  afterAll(async () => {
    await t.close();
  });

  const users = (n: number) => Promise.all(Array.from({ length: n }, () => registerUser(t.http)));

  it('counts REST and socket messages against one budget: 429 with Retry-After, ack with retry_after_ms', async () => {
    const [alice] = await users(1);
    const room = await createRoom(t.http, alice);
    const socket = await open(alice);
    await send(t.http, alice, room.id, 'rest 1');
    expect((await ack(socket, 'message:send', { room_id: room.id, content: 'socket 1' })).ok).toBe(true);
    await send(t.http, alice, room.id, 'rest 2');
    expect((await ack(socket, 'message:send', { room_id: room.id, content: 'socket 2' })).ok).toBe(true);
    const refused = await t.http.post(`${API}/rooms/${room.id}/messages`).set(alice.auth).send({ content: 'fifth' }).expect(429);
    expect(refused.body).toEqual({
      code: 'throttled',
      detail: expect.stringMatching(/^Request was throttled\. Expected available in \d+ seconds\.$/),
      retry_after_ms: expect.any(Number),
    });
    expect(refused.body.retry_after_ms).toBeGreaterThan(0);
    expect(refused.body.retry_after_ms).toBeLessThanOrEqual(60_000);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    const acked = await ack(socket, 'message:send', { room_id: room.id, content: 'sixth' });
    expect(acked).toMatchObject({ ok: false, error: { code: 'throttled' } });
    expect(acked.error!.retry_after_ms).toBeGreaterThan(0);
    expect(acked.error!.retry_after_ms).toBeLessThanOrEqual(60_000);
    // Edits spend the same budget.
    await t.http.patch(`${API}/rooms/${room.id}/messages/${randomUUID()}`).set(alice.auth).send({ content: 'x' }).expect(429);
    const history = await t.http.get(`${API}/rooms/${room.id}/messages`).set(alice.auth).expect(200);
    expect(history.body.results.filter((m: { type: string }) => m.type === 'text')).toHaveLength(4);
  });

  it('limits room creation per user; finding an existing direct room costs nothing', async () => {
    const [maker, friend] = await users(2);
    await t.http.post(`${API}/rooms/direct`).set(maker.auth).send({ user_id: friend.id }).expect(201);
    await createRoom(t.http, maker);
    await createRoom(t.http, maker);
    const refused = await t.http.post(`${API}/rooms`).set(maker.auth).send({ room_type: 'GROUP' }).expect(429);
    expect(refused.body.code).toBe('throttled');
    expect(refused.headers['retry-after']).toBeDefined();
    await t.http.post(`${API}/rooms/direct`).set(maker.auth).send({ user_id: friend.id }).expect(200);
    await t.http
      .post(`${API}/rooms/initiate`)
      .set(maker.auth)
      .send({ room_type: 'GROUP', user_ids: [friend.id] })
      .expect(429);
  });

  it('limits invitations sent per user', async () => {
    const [inviter, ...invitees] = await users(6);
    const room = await createRoom(t.http, inviter);
    for (const invitee of invitees.slice(0, 4)) {
      await t.http.post(`${API}/rooms/${room.id}/invitations`).set(inviter.auth).send({ user_id: invitee.id }).expect(201);
    }
    const refused = await t.http.post(`${API}/rooms/${room.id}/invitations`).set(inviter.auth).send({ user_id: invitees[4].id }).expect(429);
    expect(refused.body.code).toBe('throttled');
  });

  it('stops invite / decline / re-invite loops to the same user', async () => {
    const [owner, target] = await users(2);
    const room = await createRoom(t.http, owner);
    for (let i = 0; i < 2; i += 1) {
      const invitation = await t.http.post(`${API}/rooms/${room.id}/invitations`).set(owner.auth).send({ user_id: target.id }).expect(201);
      await t.http.post(`${API}/invitations/${invitation.body.id}/decline`).set(target.auth).expect(204);
    }
    await t.http.post(`${API}/rooms/${room.id}/invitations`).set(owner.auth).send({ user_id: target.id }).expect(429);
  });

  it('limits how often one user is put into rooms without consent, whoever does it', async () => {
    const [target, ...owners] = await users(5);
    for (const owner of owners.slice(0, 3)) {
      const room = await createRoom(t.http, owner);
      await t.http
        .post(`${API}/rooms/${room.id}/members`)
        .set(owner.auth)
        .send({ user_ids: [target.id] })
        .expect(201);
    }
    const room = await createRoom(t.http, owners[3]);
    const refused = await t.http
      .post(`${API}/rooms/${room.id}/members`)
      .set(owners[3].auth)
      .send({ user_ids: [target.id] })
      .expect(429);
    expect(refused.body.code).toBe('throttled');
    // Naming them as participants of a new room is the same thing.
    const other = await registerUser(t.http);
    await t.http
      .post(`${API}/rooms`)
      .set(other.auth)
      .send({ room_type: 'GROUP', participants: [target.id] })
      .expect(429);
    await t.http.post(`${API}/rooms/${room.id}/invitations`).set(owners[3].auth).send({ user_id: target.id }).expect(429);
  });

  it('limits how many users one user adds to rooms', async () => {
    const [owner, ...others] = await users(7);
    const room = await createRoom(t.http, owner, { participants: others.slice(0, 2).map((u) => u.id) });
    await t.http
      .post(`${API}/rooms/${room.id}/members`)
      .set(owner.auth)
      .send({ user_ids: others.slice(2, 5).map((u) => u.id) })
      .expect(201);
    await t.http
      .post(`${API}/rooms/${room.id}/members`)
      .set(owner.auth)
      .send({ user_ids: [others[5].id] })
      .expect(429);
  });

  it('limits reaction toggles per user, adds and removes alike, and tells the room nothing past the limit', async () => {
    const [alice, bob] = await users(2);
    const room = await createRoom(t.http, alice, { participants: [bob.id] });
    const message = await send(t.http, alice, room.id, 'react to me');
    const reaction = `${API}/rooms/${room.id}/messages/${message.id}/reactions/${encodeURIComponent('👍')}`;
    await t.http.put(reaction).set(bob.auth).expect(200);
    await t.http.delete(reaction).set(bob.auth).expect(204);
    await t.http.put(reaction).set(bob.auth).expect(200);
    await t.http.delete(reaction).set(bob.auth).expect(204);
    const refused = await t.http.put(reaction).set(bob.auth).expect(429);
    expect(refused.body.code).toBe('throttled');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const after = await t.http.get(`${API}/rooms/${room.id}/messages/${message.id}`).set(alice.auth).expect(200);
    expect(after.body.reactions ?? []).toEqual([]);
    await t.http.put(reaction).set(alice.auth).expect(200); // the budget is bob's, not the room's
  });

  it('limits reports filed per user, of messages and of users together', async () => {
    const [alice, bob, carol] = await users(3);
    const room = await createRoom(t.http, alice, { participants: [bob.id] });
    const first = await send(t.http, alice, room.id, 'one');
    const second = await send(t.http, alice, room.id, 'two');
    await t.http.post(`${API}/rooms/${room.id}/messages/${first.id}/report`).set(bob.auth).send({ reason: 'spam' }).expect(201);
    await t.http.post(`${API}/users/${carol.id}/report`).set(bob.auth).send({ reason: 'spam' }).expect(201);
    const refused = await t.http.post(`${API}/rooms/${room.id}/messages/${second.id}/report`).set(bob.auth).send({ reason: 'spam' }).expect(429);
    expect(refused.body.code).toBe('throttled');
    await t.http.post(`${API}/users/${alice.id}/report`).set(bob.auth).send({ reason: 'spam' }).expect(429);
  });

  it('throttles socket typing, read and sync with retry_after_ms', async () => {
    const [user] = await users(1);
    const room = await createRoom(t.http, user);
    const socket = await open(user);
    for (let i = 0; i < 5; i += 1) expect((await ack(socket, 'typing', { room_id: room.id, is_typing: true })).ok).toBe(true);
    const typing = await ack(socket, 'typing', { room_id: room.id, is_typing: true });
    expect(typing).toMatchObject({ ok: false, error: { code: 'throttled' } });
    expect(typing.error!.retry_after_ms).toBeGreaterThan(0);
    for (let i = 0; i < 3; i += 1) expect((await ack(socket, 'read', { room_id: room.id })).ok).toBe(true);
    expect(await ack(socket, 'read', { room_id: room.id })).toMatchObject({ ok: false, error: { code: 'throttled' } });
    await t.http.post(`${API}/rooms/${room.id}/read`).set(user.auth).send({ seq: 1 }).expect(429);
    for (let i = 0; i < 2; i += 1) expect((await ack(socket, 'sync', { rooms: { [room.id]: 0 } })).ok).toBe(true);
    const sync = await ack(socket, 'sync', { rooms: { [room.id]: 0 } });
    expect(sync).toMatchObject({ ok: false, error: { code: 'throttled' } });
    expect(sync.error!.retry_after_ms).toBeGreaterThan(0);
  });

  it('refuses a socket past SOCKET_MAX_PER_USER with connect_error too_many_connections, and frees the place on close', async () => {
    const [user, other] = await users(2);
    const first = await open(user);
    await open(user);
    await expect(connect(t.baseUrl, user.access)).rejects.toMatchObject({ code: 'too_many_connections' });
    await open(other); // another user's budget is their own
    first.close();
    // The server frees the place when it sees the close: retry until it has.
    const deadline = Date.now() + 3000;
    for (;;) {
      try {
        await open(user);
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });
});
