import { createRoom, send } from './support/chat';
import { TestUser } from './support/factories';
import { startRoomApp } from './support/room-app';
import { ack, ClientSocket, connect, eventually, record } from './support/sockets';
import { API, TestApp } from './support/test-app';

type Mention = { room_id: string; message: { id: string; content: string; mentions: { id: string; username: string }[] } };

describe('Mentions (e2e)', () => {
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
  const roomOf = async (user: TestUser, id = roomId) => (await t.http.get(`${API}/rooms/${id}`).set(user.auth).expect(200)).body;

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

  it('resolves @names to members only, counts unread mentions and tells the mentioned on their own channel even when muted', async () => {
    await t.http.patch(`${API}/rooms/${roomId}/members/me`).set(bob.auth).send({ notifications_muted: true }).expect(200);
    const bobSocket = await open(bob);
    const carolSocket = await open(carol);
    const toBob = record<Mention>(bobSocket, 'mention');
    const toCarol = record<Mention>(carolSocket, 'mention');
    const msg = await send(t.http, alice, roomId, `hey @${bob.username.toUpperCase()} and @${eve.username}, mail me at x@${carol.username}.org`);
    expect(msg.mentions).toEqual([{ id: bob.id, username: bob.username }]);
    await eventually(() => expect(toBob).toHaveLength(1));
    expect(toBob[0]).toMatchObject({ room_id: roomId, message: { id: msg.id } });
    expect(toCarol).toEqual([]);

    expect((await roomOf(bob)).unread_mentions).toBe(1);
    expect((await roomOf(carol)).unread_mentions).toBe(0);
    const history = await t.http.get(`${API}/rooms/${roomId}/messages`).set(carol.auth).expect(200);
    expect(history.body.results.at(-1).mentions).toEqual([{ id: bob.id, username: bob.username }]);
    await t.http.post(`${API}/rooms/${roomId}/read`).set(bob.auth).send({}).expect(200);
    expect((await roomOf(bob)).unread_mentions).toBe(0);
  });

  it('lets owners and admins mention everyone with @room, not plain members', async () => {
    const carolSocket = await open(carol);
    const heard = record<Mention>(carolSocket, 'mention');
    await send(t.http, bob, roomId, 'hello @room');
    const byOwner = await send(t.http, alice, roomId, 'listen up @here');
    await eventually(() => expect(heard).toHaveLength(1));
    expect(heard[0].message.id).toBe(byOwner.id);
    expect((await roomOf(carol)).unread_mentions).toBeGreaterThanOrEqual(1);
  });

  it('mentions over the socket send too, never the sender', async () => {
    const aliceSocket = await open(alice);
    const self = record<Mention>(aliceSocket, 'mention');
    const res = await ack<{ mentions: unknown[] }>(aliceSocket, 'message:send', {
      room_id: roomId,
      content: `@${alice.username} @${carol.username}`,
    });
    expect(res.data!.mentions).toHaveLength(2);
    const before = (await t.http.get(`${API}/users/me/mentions`).set(alice.auth).expect(200)).body.results;
    expect(before).toEqual([]);
    expect(self).toEqual([]);
  });

  it('pages my mentions newest first by keyset, each with its room, and 400s a bad cursor', async () => {
    const other = (await createRoom(t.http, carol, { participants: [bob.id] })).id;
    const a = await send(t.http, carol, other, `@${bob.username} one`);
    const b = await send(t.http, alice, roomId, `@${bob.username} two`);
    const first = await t.http.get(`${API}/users/me/mentions?limit=1`).set(bob.auth).expect(200);
    expect(first.body.results.map((m: { id: string; room_id: string }) => [m.id, m.room_id])).toEqual([[b.id, roomId]]);
    const next = new URL(first.body.next);
    const second = await t.http.get(`${next.pathname}${next.search}`).set(bob.auth).expect(200);
    expect(second.body.results[0]).toMatchObject({ id: a.id, room_id: other });
    await t.http.get(`${API}/users/me/mentions?cursor=zzz`).set(bob.auth).expect(400);
    await t.http.get(`${API}/users/me/mentions?limit=500`).set(bob.auth).expect(400);
    await t.http.get(`${API}/users/me/mentions`).expect(401);
    // Someone who left the room no longer lists its mentions.
    await t.http
      .post(`${API}/rooms/${other}/leave`)
      .set(bob.auth)
      .expect((r) => expect([200, 204]).toContain(r.status));
    const after = await t.http.get(`${API}/users/me/mentions`).set(bob.auth).expect(200);
    expect(after.body.results.map((m: { room_id: string }) => m.room_id)).not.toContain(other);
  });
});
