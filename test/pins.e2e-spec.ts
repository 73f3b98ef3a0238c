import { randomUUID } from 'node:crypto';
import { createRoom, send } from './support/chat';
import { TestUser } from './support/factories';
import { startRoomApp } from './support/room-app';
import { ClientSocket, connect, eventually, record } from './support/sockets';
import { withClient } from './support/test-database';
import { API, TestApp } from './support/test-app';

type Msg = { id: string; pinned_at: string | null; pinned_by: string | null };

describe('Pins (e2e)', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let roomId: string;
  let socket: ClientSocket;
  const pin = (messageId: string, room = roomId) => `${API}/rooms/${room}/pins/${messageId}`;

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

  it('pins and unpins idempotently, lists newest first and tells the room', async () => {
    const updates = record<Msg>(socket, 'message:updated');
    const first = await send(t.http, bob, roomId, 'first');
    const second = await send(t.http, bob, roomId, 'second');
    const pinned = await t.http.put(pin(first.id)).set(alice.auth).expect(200);
    expect(pinned.body).toMatchObject({ id: first.id, pinned_by: alice.id, pinned_at: expect.any(String) });
    await t.http.put(pin(first.id)).set(alice.auth).expect(200);
    await t.http.put(pin(second.id)).set(alice.auth).expect(200);
    await eventually(() => expect(updates).toHaveLength(2));
    expect(updates[0]).toMatchObject({ id: first.id, pinned_by: alice.id });

    const list = await t.http.get(`${API}/rooms/${roomId}/pins`).set(bob.auth).expect(200);
    expect(list.body.results.map((m: Msg) => m.id)).toEqual([second.id, first.id]);
    const paged = await t.http.get(`${API}/rooms/${roomId}/pins?limit=1`).set(bob.auth).expect(200);
    const next = new URL(paged.body.next);
    const rest = await t.http.get(`${next.pathname}${next.search}`).set(bob.auth).expect(200);
    expect(rest.body.results.map((m: Msg) => m.id)).toEqual([first.id]);

    await t.http.delete(pin(first.id)).set(alice.auth).expect(204);
    await t.http.delete(pin(first.id)).set(alice.auth).expect(204);
    await eventually(() => expect(updates).toHaveLength(3));
    expect(updates[2]).toMatchObject({ id: first.id, pinned_at: null, pinned_by: null });
    const after = await t.http.get(`${API}/rooms/${roomId}/pins`).set(bob.auth).expect(200);
    expect(after.body.results.map((m: Msg) => m.id)).toEqual([second.id]);
  });

  it('unpins a message when it is deleted and refuses to pin a deleted one (409)', async () => {
    const doomed = await send(t.http, bob, roomId, 'doomed');
    await t.http.put(pin(doomed.id)).set(alice.auth).expect(200);
    await t.http.delete(`${API}/rooms/${roomId}/messages/${doomed.id}`).set(bob.auth).expect(204);
    const list = await t.http.get(`${API}/rooms/${roomId}/pins`).set(bob.auth).expect(200);
    expect(list.body.results.map((m: Msg) => m.id)).not.toContain(doomed.id);
    expect((await t.http.put(pin(doomed.id)).set(alice.auth).expect(409)).body.code).toBe('conflict');
  });

  it('refuses a 51st pin with 409', async () => {
    const room = (await createRoom(t.http, alice)).id;
    const ids: string[] = [];
    for (let i = 0; i < 51; i += 1) ids.push((await send(t.http, alice, room, `m${i}`)).id);
    await withClient(t.databaseUrl, (client) =>
      client.query(`UPDATE messages SET pinned_at = now(), pinned_by = $2 WHERE id = ANY($1::uuid[])`, [ids.slice(0, 50), alice.id]),
    );
    expect((await t.http.put(pin(ids[50], room)).set(alice.auth).expect(409)).body.code).toBe('pin_limit');
    await t.http.put(pin(ids[0], room)).set(alice.auth).expect(200);
  });

  it('answers 401, 403 for members below admin and outsiders by id (BOLA), 404 and 400', async () => {
    const message = await send(t.http, bob, roomId, 'pin me');
    await t.http.put(pin(message.id)).expect(401);
    await t.http.get(`${API}/rooms/${roomId}/pins`).expect(401);
    expect((await t.http.put(pin(message.id)).set(bob.auth).expect(403)).body.code).toBe('permission_denied');
    await t.http.delete(pin(message.id)).set(bob.auth).expect(403);
    expect((await t.http.get(`${API}/rooms/${roomId}/pins`).set(eve.auth).expect(403)).body.code).toBe('room_access_denied');
    await t.http.put(pin(message.id)).set(eve.auth).expect(403);
    await t.http.put(pin(randomUUID())).set(alice.auth).expect(404);
    await t.http.delete(pin(randomUUID())).set(alice.auth).expect(404);
    await t.http.get(`${API}/rooms/${randomUUID()}/pins`).set(alice.auth).expect(404);
    // A message of another room cannot be pinned through this one.
    const other = (await createRoom(t.http, eve)).id;
    const foreign = await send(t.http, eve, other, 'elsewhere');
    await t.http.put(pin(foreign.id)).set(alice.auth).expect(404);
    await t.http.put(pin('nope')).set(alice.auth).expect(400);
    await t.http.get(`${API}/rooms/${roomId}/pins?cursor=!!`).set(alice.auth).expect(400);
  });
});
