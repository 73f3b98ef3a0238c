import { randomUUID } from 'node:crypto';
import { createRoom, send } from './support/chat';
import { TestUser } from './support/factories';
import { startRoomApp } from './support/room-app';
import { ClientSocket, connect, eventually, record } from './support/sockets';
import { withClient } from './support/test-database';
import { API, TestApp } from './support/test-app';

describe('Reactions (e2e)', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let roomId: string;
  let socket: ClientSocket;
  const url = (messageId: string, emoji: string, room = roomId) =>
    `${API}/rooms/${room}/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`;

  beforeAll(async () => {
    ({
      t,
      alice,
      members: [bob],
      eve,
      roomId,
    } = await startRoomApp(1));
    socket = await connect(t.baseUrl, bob.access);
  });
  afterAll(async () => {
    socket.close();
    await t.close();
  });

  it('adds idempotently, shows counts and `me` in history, and tells the room once', async () => {
    const added = record(socket, 'reaction:added');
    const message = await send(t.http, alice, roomId, 'react to me');
    const first = await t.http.put(url(message.id, '👍')).set(bob.auth).expect(200);
    expect(first.body).toEqual({ message_id: message.id, emoji: '👍', count: 1, me: true });
    await t.http.put(url(message.id, '👍')).set(bob.auth).expect(200);
    await t.http.put(url(message.id, '👍')).set(alice.auth).expect(200);
    await t.http.put(url(message.id, ':party_parrot:')).set(alice.auth).expect(200);
    await eventually(() => expect(added).toHaveLength(3));
    expect(added[0]).toEqual({ room_id: roomId, message_id: message.id, emoji: '👍', user_id: bob.id, count: 1 });
    expect(added[1]).toMatchObject({ user_id: alice.id, count: 2 });

    const history = await t.http.get(`${API}/rooms/${roomId}/messages`).set(bob.auth).expect(200);
    const seen = history.body.results.find((m: { id: string }) => m.id === message.id);
    expect(seen.reactions).toEqual([
      { emoji: '👍', count: 2, me: true },
      { emoji: ':party_parrot:', count: 1, me: false },
    ]);
  });

  it('removes idempotently and tells the room once', async () => {
    const removed = record(socket, 'reaction:removed');
    const message = await send(t.http, alice, roomId, 'short-lived');
    await t.http.put(url(message.id, '🎉')).set(bob.auth).expect(200);
    await t.http.delete(url(message.id, '🎉')).set(bob.auth).expect(204);
    await t.http.delete(url(message.id, '🎉')).set(bob.auth).expect(204);
    await eventually(() => expect(removed).toHaveLength(1));
    expect(removed[0]).toEqual({ room_id: roomId, message_id: message.id, emoji: '🎉', user_id: bob.id, count: 0 });
    const got = await t.http.get(`${API}/rooms/${roomId}/messages/${message.id}`).set(bob.auth).expect(200);
    expect(got.body.reactions).toEqual([]);
  });

  it('pages the users who reacted by keyset', async () => {
    const message = await send(t.http, alice, roomId, 'popular');
    await t.http.put(url(message.id, '❤️')).set(alice.auth).expect(200);
    await t.http.put(url(message.id, '❤️')).set(bob.auth).expect(200);
    const first = await t.http
      .get(`${url(message.id, '❤️')}?limit=1`)
      .set(bob.auth)
      .expect(200);
    expect(first.body.results.map((r: { user: { id: string } }) => r.user.id)).toEqual([alice.id]);
    const next = new URL(first.body.next);
    const second = await t.http.get(`${next.pathname}${next.search}`).set(bob.auth).expect(200);
    expect(second.body.results.map((r: { user: { id: string } }) => r.user.id)).toEqual([bob.id]);
    await t.http
      .get(`${url(message.id, '❤️')}?cursor=bm9wZQ`)
      .set(bob.auth)
      .expect(400);
  });

  it('answers 401, 403 to outsiders by id (BOLA), 404, 400 and 409', async () => {
    const message = await send(t.http, alice, roomId, 'private words');
    await t.http.put(url(message.id, '👍')).expect(401);
    const denied = await t.http.put(url(message.id, '👍')).set(eve.auth).expect(403);
    expect(denied.body.code).toBe('room_access_denied');
    await t.http.get(url(message.id, '👍')).set(eve.auth).expect(403);
    await t.http.delete(url(message.id, '👍')).set(eve.auth).expect(403);
    await t.http.put(url(randomUUID(), '👍')).set(bob.auth).expect(404);
    await t.http.get(url(randomUUID(), '👍')).set(bob.auth).expect(404);
    await t.http
      .put(url(message.id, '👍', randomUUID()))
      .set(bob.auth)
      .expect(404);
    // A message of another room, addressed through a room the caller is in: not found.
    const elsewhere = await createRoom(t.http, eve);
    const foreign = await send(t.http, eve, elsewhere.id, 'mine');
    await t.http.put(url(foreign.id, '👍')).set(bob.auth).expect(404);
    for (const bad of ['notanemoji', 'ab', ':Upper:', '👍👍', `:${'a'.repeat(60)}:`, 'x\u0000']) {
      const res = await t.http.put(url(message.id, bad)).set(bob.auth).expect(400);
      expect(Object.keys(res.body)).toEqual(['emoji']);
    }
    await t.http.put(`${API}/rooms/${roomId}/messages/not-a-uuid/reactions/x`).set(bob.auth).expect(400);
    await t.http.delete(`${API}/rooms/${roomId}/messages/${message.id}`).set(alice.auth).expect(204);
    const gone = await t.http.put(url(message.id, '👍')).set(bob.auth).expect(409);
    expect(gone.body.code).toBe('conflict');
  });

  it('refuses a 51st distinct emoji with 409 but accepts a known one', async () => {
    const message = await send(t.http, alice, roomId, 'crowded');
    await withClient(t.databaseUrl, (client) =>
      client.query(`INSERT INTO message_reactions (message_id, emoji, user_id) SELECT $1, ':e' || g || ':', $2 FROM generate_series(1, 50) g`, [
        message.id,
        alice.id,
      ]),
    );
    await t.http.put(url(message.id, ':e1:')).set(bob.auth).expect(200); // recounts: now 50 distinct
    const full = await t.http.put(url(message.id, ':e51:')).set(bob.auth).expect(409);
    expect(full.body.code).toBe('reaction_limit');
    await t.http.put(url(message.id, ':e2:')).set(bob.auth).expect(200);
  });
});
