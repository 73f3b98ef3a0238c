import { Parser } from '@asyncapi/parser';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { SOCKET_EVENTS } from '../src/core/events/event-map';
import { AsyncApiContract } from './support/asyncapi-contract';
import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ack, ClientSocket, connect, eventually } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';

const CLIENT_EVENTS = ['room:join', 'room:leave', 'message:send', 'message:edit', 'message:delete', 'typing', 'read', 'sync'];

/** Server events the flow below does not cause, with the suite that does. Keep it short. */
const NOT_DRIVEN: Record<string, string> = {
  'sync:required': 'needs a Redis outage in multi-node mode (test/redis-outage.e2e-spec.ts)',
};

describe('AsyncAPI document (e2e)', () => {
  let t: TestApp;
  let contract: AsyncApiContract;
  const sockets: ClientSocket[] = [];

  beforeAll(async () => {
    t = await startTestApp({ REDIS_URL: '' });
    const served = await t.http.get('/docs/asyncapi.yaml').expect(200);
    contract = new AsyncApiContract(parse(served.text));
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
  });

  it('is valid AsyncAPI and names every client event and every server event of the event map', async () => {
    const text = readFileSync(join(process.cwd(), 'docs/asyncapi.yaml'), 'utf8');
    const { document, diagnostics } = await new Parser().parse(text);
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => d.message)).toEqual([]);
    expect(document).toBeDefined();
    const names = (action: string) =>
      document!
        .operations()
        .all()
        .filter((op) => op.action() === action)
        .flatMap((op) =>
          op
            .messages()
            .all()
            .map((m) => m.name()),
        );
    expect(new Set(names('receive'))).toEqual(new Set(CLIENT_EVENTS));
    expect(new Set(names('send'))).toEqual(new Set(SOCKET_EVENTS));
  });

  it('is served next to Swagger', async () => {
    const res = await t.http.get('/docs/asyncapi.yaml').expect(200);
    expect(res.headers['content-type']).toMatch(/yaml/);
    expect(res.text).toContain('asyncapi: 3.0.0');
    await t.http.get(`${API}/users/me`).expect(401);
  });

  it('is an oracle that refuses a wrong type, a missing field, an undocumented field and an undocumented event', () => {
    const typing = { room_id: randomUUID(), user_id: randomUUID(), is_typing: true };
    expect(() => contract.checkEvent('typing', typing)).not.toThrow();
    expect(() => contract.checkEvent('typing', { ...typing, is_typing: 'yes' })).toThrow(/must be boolean/);
    expect(() => contract.checkEvent('typing', { ...typing, room_id: 'room-1' })).toThrow(/must match format "uuid"/);
    const { user_id: _dropped, ...missing } = typing;
    expect(() => contract.checkEvent('typing', missing)).toThrow(/must have required property 'user_id'/);
    expect(() => contract.checkEvent('typing', { ...typing, secret: 1 })).toThrow(/additional properties/);
    expect(() => contract.checkEvent('typing:stopped', typing)).toThrow(/not in the AsyncAPI document/);
    expect(() => contract.checkAck('read', { ok: true, data: { last_read_seq: 1, unread_count: 0 } })).not.toThrow();
    expect(() => contract.checkAck('read', { ok: true, data: { last_read_seq: -1, unread_count: 0 } })).toThrow(/documented schema/);
    expect(() => contract.checkAck('read', { ok: false, error: { code: 'throttled', detail: 'Slow down.', retry_after_ms: 500 } })).not.toThrow();
    expect(() => contract.checkAck('read', { ok: false, error: { detail: 'No code.' } })).toThrow(/documented schema/);
    expect(() => contract.checkPayload('read', { room_id: randomUUID(), seq: 'last' })).toThrow(/must be integer/);
    contract.seen.clear(); // these were not real payloads
  });

  it('holds every payload the server sends and every ack it answers to the document', async () => {
    const heard: { socket: string; event: string; payload: unknown }[] = [];
    const connectAs = async (user: TestUser, name: string) => {
      const socket = await connect(t.baseUrl, user.access);
      sockets.push(socket);
      socket.onAny((event: string, payload: unknown) => heard.push({ socket: name, event, payload }));
      return socket;
    };
    const hears = (name: string, event: string, matches: (payload: Record<string, unknown>) => boolean = () => true) =>
      eventually(
        () => expect(heard.some((h) => h.socket === name && h.event === event && matches(h.payload as Record<string, unknown>))).toBe(true),
        5000,
      );
    const acked = async (socket: ClientSocket, event: string, payload: unknown) => {
      const answer = await ack(socket, event, payload);
      contract.checkAck(event, answer);
      if (answer.ok) contract.checkPayload(event, payload);
      return answer;
    };

    const [alice, bob, carol, dave] = [
      await registerUser(t.http),
      await registerUser(t.http),
      await registerUser(t.http),
      await registerUser(t.http),
    ];
    const room = await createRoom(t.http, alice, { name: 'Contract', participants: [bob.id] });
    const aliceSocket = await connectAs(alice, 'alice');
    const bobSocket = await connectAs(bob, 'bob');
    await connectAs(carol, 'carol');
    await hears('alice', 'presence', (p) => p.user_id === bob.id);
    const carolsRoom = await createRoom(t.http, alice, { name: 'Contract too', participants: [carol.id] });
    await hears('carol', 'room:created', (p) => p.id === carolsRoom.id);

    // Every client event, acknowledged; a refusal too.
    expect((await acked(aliceSocket, 'room:join', { room_id: room.id })).ok).toBe(true);
    const sent = await acked(aliceSocket, 'message:send', { room_id: room.id, content: `hello @${bob.username}`, client_message_id: randomUUID() });
    const message = sent.data as { id: string; seq: number };
    await hears('bob', 'message:new', (p) => p.id === message.id);
    await hears('bob', 'mention', (p) => (p.message as { id: string }).id === message.id);
    const reply = await acked(aliceSocket, 'message:send', {
      room_id: room.id,
      content: 'in the thread',
      thread_root_id: message.id,
      also_in_room: true,
    });
    expect(reply.ok).toBe(true);
    await hears('bob', 'message:updated', (p) => p.id === message.id && p.reply_count === 1);
    await acked(aliceSocket, 'message:edit', { room_id: room.id, message_id: message.id, content: 'hello again' });
    await hears('bob', 'message:updated', (p) => p.id === message.id && p.content === 'hello again');
    await acked(aliceSocket, 'typing', { room_id: room.id, is_typing: true });
    await hears('bob', 'typing', (p) => p.user_id === alice.id);
    await acked(bobSocket, 'read', { room_id: room.id, seq: message.seq });
    await hears('alice', 'read', (p) => p.user_id === bob.id);
    const synced = await acked(bobSocket, 'sync', { rooms: { [room.id]: 0, [randomUUID()]: 0 } });
    expect(synced.ok).toBe(true);
    expect((await acked(aliceSocket, 'message:send', { room_id: randomUUID(), content: 'nowhere' })).ok).toBe(false);
    expect((await acked(aliceSocket, 'read', { room_id: room.id, seq: 'last' })).error?.code).toBe('validation_error');

    // Reactions, a report and its resolution, over REST: the sockets hear them.
    const reaction = `${API}/rooms/${room.id}/messages/${message.id}/reactions/${encodeURIComponent('👍')}`;
    await t.http.put(reaction).set(bob.auth).expect(200);
    await hears('alice', 'reaction:added', (p) => p.message_id === message.id);
    await t.http.delete(reaction).set(bob.auth).expect(204);
    await hears('alice', 'reaction:removed', (p) => p.message_id === message.id);
    const bobsMessage = await send(t.http, bob, room.id, 'buy cheap watches');
    const report = await t.http
      .post(`${API}/rooms/${room.id}/messages/${bobsMessage.id}/report`)
      .set(alice.auth)
      .send({ reason: 'spam' })
      .expect(201);
    await t.http.post(`${API}/moderation/reports/${report.body.id}/resolve`).set(alice.auth).send({ action: 'delete_message' }).expect(200);
    await hears('alice', 'report:resolved', (p) => p.id === report.body.id);
    await hears('alice', 'report:created', (p) => p.id === report.body.id);
    await hears('bob', 'message:deleted', (p) => p.id === bobsMessage.id);

    // The room and its members change.
    await t.http.patch(`${API}/rooms/${room.id}`).set(alice.auth).send({ description: 'Checked against the document' }).expect(200);
    await hears('bob', 'room:updated', (p) => p.id === room.id);
    await t.http.post(`${API}/rooms/${room.id}/invitations`).set(alice.auth).send({ user_id: carol.id }).expect(201);
    await hears('carol', 'invitation:created', (p) => p.room_id === room.id);
    const invitation = (await t.http.get(`${API}/invitations`).set(carol.auth).expect(200)).body.results[0];
    await t.http.post(`${API}/invitations/${invitation.id}/decline`).set(carol.auth).expect(204);
    await hears('alice', 'invitation:updated', (p) => p.id === invitation.id && p.status === 'declined');
    await t.http.patch(`${API}/users/me`).set(bob.auth).send({ display_name: 'Bob Contract' }).expect(200);
    await hears('alice', 'user:updated', (p) => p.id === bob.id);
    await t.http
      .post(`${API}/rooms/${room.id}/members`)
      .set(alice.auth)
      .send({ user_ids: [dave.id] })
      .expect(201);
    await hears('bob', 'member:joined', (p) => p.room_id === room.id);
    await t.http.patch(`${API}/rooms/${room.id}/members/${dave.id}`).set(alice.auth).send({ role: 'admin' }).expect(200);
    await hears('bob', 'member:updated', (p) => p.room_id === room.id);
    await t.http.delete(`${API}/rooms/${room.id}/members/${dave.id}?ban=false`).set(alice.auth).expect(204);
    await hears('bob', 'member:left', (p) => p.room_id === room.id);
    await acked(aliceSocket, 'message:delete', { room_id: room.id, message_id: message.id });
    await hears('bob', 'message:deleted', (p) => p.id === message.id);
    await acked(aliceSocket, 'room:leave', { room_id: room.id });
    await t.http.delete(`${API}/rooms/${room.id}`).set(alice.auth).expect(204);
    await hears('bob', 'room:deleted', (p) => p.room_id === room.id);

    for (const { event, payload } of heard) contract.checkEvent(event, payload);
    const events = SOCKET_EVENTS.filter((event) => !(event in NOT_DRIVEN));
    const checked = [...events, ...CLIENT_EVENTS.flatMap((event) => [`ack:${event}`, `payload:${event}`])];
    expect(checked.filter((name) => !contract.seen.has(name))).toEqual([]);
  });
});
