import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ClientSocket, connect, eventually, record } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * A room created while its members are online: their live sockets (every
 * device, creator and participants) are in its channel at once, without a
 * reconnect or room:join, and nobody else's are.
 */
describe('new rooms reach live sockets', () => {
  let t: TestApp;
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  const sockets: ClientSocket[] = [];
  const open = async (user: TestUser) => {
    const socket = await connect(t.baseUrl, user.access);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    t = await startTestApp();
    [alice, bob, carol] = [await registerUser(t.http), await registerUser(t.http), await registerUser(t.http)];
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await t.close();
  });

  it('puts the creator and the participants of a group room in its channel', async () => {
    const [a1, a2, b, c] = [await open(alice), await open(alice), await open(bob), await open(carol)];
    const seen = [a1, a2, b, c].map((s) => record<{ content: string }>(s, 'message:new'));
    const told = [a1, a2, b, c].map((s) => record<{ id: string; name: string; my_role: string | null }>(s, 'room:created'));
    const room = await createRoom(t.http, alice, { name: 'Fresh', participants: [bob.id] });
    await send(t.http, bob, room.id, 'first words');
    await eventually(() => seen.slice(0, 3).forEach((list) => expect(list.map((m) => m.content)).toEqual(['first words'])));
    // Every member's every device hears room:created (viewer-neutral), so a room list shows it without a reload.
    await eventually(() =>
      told.slice(0, 3).forEach((list) => expect(list.map((r) => [r.id, r.name, r.my_role])).toEqual([[room.id, 'Fresh', null]])),
    );
    expect(seen[3]).toEqual([]);
    expect(told[3]).toEqual([]);
  });

  it('puts both people of a new direct message in its channel', async () => {
    const [a, b] = [await open(alice), await open(bob)];
    const seen = [a, b].map((s) => record<{ content: string }>(s, 'message:new'));
    const res = await t.http.post(`${API}/rooms/direct`).set(carol.auth).send({ user_id: bob.id }).expect(201);
    const c = await open(carol);
    const carolSeen = record<{ content: string }>(c, 'message:new');
    await send(t.http, carol, res.body.room.id, 'hello bob');
    await eventually(() => expect(seen[1].map((m) => m.content)).toEqual(['hello bob']));
    await eventually(() => expect(carolSeen.map((m) => m.content)).toEqual(['hello bob']));
    expect(seen[0]).toEqual([]);
  });
});
