import { randomUUID } from 'node:crypto';
import { createRoom, send } from './support/chat';
import { TestUser } from './support/factories';
import { startRoomApp } from './support/room-app';
import { ack, ClientSocket, connect, eventually, record } from './support/sockets';
import { API, TestApp } from './support/test-app';

type Msg = { id: string; seq: number; content: string; thread_root_id: string | null; [key: string]: unknown };

describe('Threads (e2e)', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let eve: TestUser;
  let roomId: string;
  const sockets: ClientSocket[] = [];
  const open = async (user: TestUser) => {
    const socket = await connect(t.baseUrl, user.access);
    sockets.push(socket);
    return socket;
  };
  const thread = (rootId: string, query = '', room = roomId) => `${API}/rooms/${room}/messages/${rootId}/thread${query}`;

  beforeAll(async () => {
    ({
      t,
      alice,
      members: [bob, carol],
      eve,
      roomId,
    } = await startRoomApp(2));
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await t.close();
  });

  it('keeps replies out of the main history unless also_in_room, and counts them on the root', async () => {
    const socket = await open(carol);
    const created = record<Msg>(socket, 'message:new');
    const updated = record<Msg>(socket, 'message:updated');
    const root = await send(t.http, alice, roomId, 'thread root');
    const r1 = await send(t.http, bob, roomId, 'first reply', { thread_root_id: root.id });
    const r2 = await send(t.http, carol, roomId, 'second reply', { thread_root_id: root.id, also_in_room: true });
    const r3 = await send(t.http, bob, roomId, 'third reply', { thread_root_id: root.id });
    expect(r1).toMatchObject({ thread_root_id: root.id, also_in_room: false, reply_count: 0 });

    const history = await t.http.get(`${API}/rooms/${roomId}/messages`).set(alice.auth).expect(200);
    const ids = history.body.results.map((m: Msg) => m.id);
    expect(ids).toEqual(expect.arrayContaining([root.id, r2.id]));
    expect(ids).not.toContain(r1.id);
    expect(ids).not.toContain(r3.id);
    const shownRoot = history.body.results.find((m: Msg) => m.id === root.id);
    expect(shownRoot).toMatchObject({ reply_count: 3, thread_participants: [bob.id, carol.id], last_reply_at: expect.any(String) });

    await eventually(() => expect(updated.filter((m) => m.id === root.id)).toHaveLength(3));
    expect(updated.filter((m) => m.id === root.id).map((m) => m.reply_count)).toEqual([1, 2, 3]);
    expect(created.filter((m) => m.thread_root_id === root.id).map((m) => m.id)).toEqual([r1.id, r2.id, r3.id]);

    const withReplies = await t.http.get(`${API}/rooms/${roomId}/messages?thread_replies=true`).set(alice.auth).expect(200);
    expect(withReplies.body.results.map((m: Msg) => m.id)).toEqual(expect.arrayContaining([r1.id, r3.id]));
  });

  it('pages a thread by keyset, the root alongside', async () => {
    const root = await send(t.http, alice, roomId, 'long thread');
    for (let i = 0; i < 5; i += 1) await send(t.http, bob, roomId, `reply ${i}`, { thread_root_id: root.id });
    const newest = await t.http.get(thread(root.id, '?limit=2')).set(carol.auth).expect(200);
    expect(newest.body.root.id).toBe(root.id);
    expect(newest.body.results.map((m: Msg) => m.content)).toEqual(['reply 3', 'reply 4']);
    const older = new URL(newest.body.next);
    const page2 = await t.http.get(`${older.pathname}${older.search}`).set(carol.auth).expect(200);
    expect(page2.body.results.map((m: Msg) => m.content)).toEqual(['reply 1', 'reply 2']);
    const newer = new URL(page2.body.previous);
    const back = await t.http.get(`${newer.pathname}${newer.search}`).set(carol.auth).expect(200);
    expect(back.body.results.map((m: Msg) => m.content)).toEqual(['reply 3', 'reply 4']);
    const fresh = await send(t.http, alice, roomId, 'no replies yet');
    await expect(t.http.get(thread(fresh.id)).set(carol.auth).expect(200)).resolves.toMatchObject({ body: { results: [], next: null } });
  });

  it('replies over the socket too', async () => {
    const socket = await open(bob);
    const root = await send(t.http, alice, roomId, 'socket root');
    const res = await ack<Msg>(socket, 'message:send', { room_id: roomId, content: 'via socket', thread_root_id: root.id });
    expect(res).toMatchObject({ ok: true, data: { thread_root_id: root.id } });
    const bad = await ack(socket, 'message:send', { room_id: roomId, content: 'x', thread_root_id: 'nope' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'validation_error', fields: { thread_root_id: expect.any(Array) } } });
  });

  it('follows a thread through a reconnect with sync: nothing missed', async () => {
    const root = await send(t.http, alice, roomId, 'while you were away');
    const socket = await open(carol);
    socket.close();
    const missed = [];
    for (let i = 0; i < 3; i += 1) missed.push(await send(t.http, bob, roomId, `missed ${i}`, { thread_root_id: root.id }));
    const back = await open(carol);
    const synced = await ack<{ rooms: Record<string, { messages: Msg[]; has_more: boolean }> }>(back, 'sync', { rooms: { [roomId]: root.seq } });
    expect(synced.data!.rooms[roomId].messages.map((m) => m.id)).toEqual(missed.map((m) => m.id));
    expect(synced.data!.rooms[roomId].messages.every((m) => m.thread_root_id === root.id)).toBe(true);
  });

  it('refuses a root that is missing, elsewhere, a reply itself or deleted (400)', async () => {
    const other = await createRoom(t.http, eve);
    const foreign = await send(t.http, eve, other.id, 'elsewhere');
    const root = await send(t.http, alice, roomId, 'root');
    const reply = await send(t.http, bob, roomId, 'reply', { thread_root_id: root.id });
    const post = (body: Record<string, unknown>) =>
      t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(bob.auth)
        .send({ content: 'x', ...body });
    expect((await post({ thread_root_id: foreign.id }).expect(400)).body).toEqual({
      thread_root_id: [`Invalid pk "${foreign.id}" - object does not exist.`],
    });
    await post({ thread_root_id: randomUUID() }).expect(400);
    await post({ thread_root_id: reply.id }).expect(400);
    await post({ thread_root_id: 'x' }).expect(400);
    await post({ thread_root_id: root.id, also_in_room: 'yes' }).expect(400);
    const doomed = await send(t.http, alice, roomId, 'doomed');
    await t.http.delete(`${API}/rooms/${roomId}/messages/${doomed.id}`).set(alice.auth).expect(204);
    await post({ thread_root_id: doomed.id }).expect(400);
  });

  it('answers 401, 403 to an outsider by id (BOLA), 404 and 400 on the thread route', async () => {
    const root = await send(t.http, alice, roomId, 'private thread');
    const reply = await send(t.http, bob, roomId, 'secret', { thread_root_id: root.id });
    await t.http.get(thread(root.id)).expect(401);
    expect((await t.http.get(thread(root.id)).set(eve.auth).expect(403)).body.code).toBe('room_access_denied');
    // Sending into a room you are not in is refused before the root is looked at.
    await t.http.post(`${API}/rooms/${roomId}/messages`).set(eve.auth).send({ content: 'x', thread_root_id: root.id }).expect(403);
    await t.http.get(thread(randomUUID())).set(bob.auth).expect(404);
    await t.http.get(thread(reply.id)).set(bob.auth).expect(404);
    await t.http
      .get(thread(root.id, '', randomUUID()))
      .set(bob.auth)
      .expect(404);
    await t.http.get(thread('nope')).set(bob.auth).expect(400);
    await t.http.get(thread(root.id, '?limit=0')).set(bob.auth).expect(400);
    await t.http.get(thread(root.id, '?before=abc')).set(bob.auth).expect(400);
  });
});
