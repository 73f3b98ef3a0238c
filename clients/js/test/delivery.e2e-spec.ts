import { startTestApp, TestApp } from '../../../test/support/test-app.js';
import { ParleyClient, type Room } from '../src/index.js';
import { collect, connected, next, signedInClient, until } from './support/sdk-users.js';
import { startTcpProxy, TcpProxy } from './support/tcp-proxy.js';

/**
 * The SDK against a real Parley: exactly-once, in-order delivery through a
 * network outage, and a send queue whose retries never store a message twice.
 * Alice reaches Parley through a TCP proxy that the tests cut.
 */
describe('SDK delivery', () => {
  let t: TestApp;
  let proxy: TcpProxy;
  let alice: ParleyClient;
  let bob: ParleyClient;
  let room: Room;

  beforeAll(async () => {
    // The send rate limit would pace 500 messages over minutes; this spec is about delivery.
    t = await startTestApp({ SOCKET_RATE_LIMIT: '100000' });
    proxy = await startTcpProxy(t.baseUrl);
    alice = await signedInClient(t.baseUrl, proxy.url, 'alice');
    bob = await signedInClient(t.baseUrl, t.baseUrl, 'bob');
    const created = await bob.rest.POST('/api/v1/rooms', { body: { room_type: 'GROUP', name: 'SDK delivery', participants: [alice.user!.id] } });
    room = created.data as unknown as Room;
    await connected(alice);
    await connected(bob);
  });

  afterAll(async () => {
    alice?.close();
    bob?.close();
    await proxy?.close();
    await t?.close();
  });

  it('delivers 500 messages exactly once and in seq order through a 5 s disconnect', async () => {
    const received = collect(alice);
    const outage = next(alice, 'connection', (e) => e.state === 'disconnected', 30_000);
    const back = next(alice, 'connection', (e) => e.caughtUp, 60_000).catch((e) => e);
    const outgoing = Array.from({ length: 500 }, (_, i) => bob.send(room.id, `m${i}`));
    await until(() => (received.get(room.id)?.length ?? 0) >= 20, 20_000, 'the first messages');
    const cut = proxy.cut(5_000);
    await outage;
    await cut;
    await until(() => outgoing.every((m) => m.state === 'sent'), 60_000, 'every send acknowledged');
    await back;
    await until(() => (received.get(room.id)?.length ?? 0) >= 500, 60_000, 'alice to receive 500 messages');

    const got = received.get(room.id)!;
    expect(got.map((m) => m.content)).toEqual(outgoing.map((m) => m.content));
    const seqs = got.map((m) => m.seq);
    expect(seqs.every((seq, i) => i === 0 || seq === seqs[i - 1] + 1)).toBe(true);
    expect(new Set(got.map((m) => m.id)).size).toBe(500);
    expect(proxy.dropped).toBeGreaterThan(0);
  }, 120_000);

  it('retries sends through repeated connection drops without storing any message twice', async () => {
    // Every third send: the connection drops right after the event is written, before its ack
    // can come back (the server may or may not have stored it); the queue must send it again.
    const request = alice.realtime.request.bind(alice.realtime);
    let sends = 0;
    alice.realtime.request = ((event, payload, timeout) => {
      const answer = request(event, payload, timeout);
      if (event === 'message:send' && (sends += 1) % 3 === 0) void proxy.cut(100);
      return answer;
    }) as typeof alice.realtime.request;
    const outgoing = Array.from({ length: 30 }, (_, i) => alice.send(room.id, `retry ${i}`));
    await until(() => outgoing.every((m) => m.state === 'sent'), 60_000, 'every retried send acknowledged');

    const history = await bob.history(room.id, { limit: 100 });
    const ids = history.results.filter((m) => m.content.startsWith('retry ')).map((m) => m.client_message_id);
    expect(ids).toHaveLength(30);
    expect(new Set(ids).size).toBe(30);
    expect(new Set(outgoing.map((m) => m.message!.id)).size).toBe(30);
    expect(outgoing.filter((m) => m.attempts > 1).length).toBeGreaterThanOrEqual(5);
    alice.realtime.request = request;
  }, 120_000);

  it('answers a repeated client_message_id with the first message', async () => {
    const first = alice.send(room.id, 'once', { client_message_id: 'sdk-fixed-id-1' });
    await until(() => first.state === 'sent', 10_000, 'the first send');
    const again = alice.send(room.id, 'once, again', { client_message_id: 'sdk-fixed-id-1' });
    await until(() => again.state === 'sent', 10_000, 'the repeated send');
    expect(again.message!.id).toBe(first.message!.id);
    expect(again.message!.content).toBe('once');
  });

  it('marks a send failed on a permanent refusal, and retry keeps its client_message_id', async () => {
    const foreign = await bob.rest.POST('/api/v1/rooms', { body: { room_type: 'GROUP', name: 'Bob only' } });
    const roomId = (foreign.data as unknown as Room).id;
    const failed = alice.send(roomId, 'not a member');
    await until(() => failed.state === 'failed', 10_000, 'the refusal');
    expect(failed.error?.code).toBe('room_access_denied');
    const retried = alice.retry(failed.client_message_id)!;
    expect(retried.state).toBe('sending');
    await until(() => retried.state === 'failed', 10_000, 'the second refusal');
    expect(retried.client_message_id).toBe(failed.client_message_id);
  });

  it('throttles typing to what the server expects and shows who types', async () => {
    const sent: boolean[] = [];
    const request = alice.realtime.request.bind(alice.realtime);
    alice.realtime.request = ((event, payload, timeout) => {
      if (event === 'typing') sent.push((payload as { is_typing: boolean }).is_typing);
      return request(event, payload, timeout);
    }) as typeof alice.realtime.request;
    const seen = next(bob, 'typing', (e) => e.room_id === room.id && e.user_ids.includes(alice.user!.id));
    for (let i = 0; i < 20; i += 1) alice.typing(room.id);
    await seen;
    expect(sent).toEqual([true]);
    expect(bob.typists(room.id)).toEqual([alice.user!.id]);
    const stopped = next(bob, 'typing', (e) => e.room_id === room.id && e.user_ids.length === 0);
    alice.stopTyping(room.id);
    await stopped;
    expect(sent).toEqual([true, false]);
    alice.realtime.request = request;
  });

  it('counts unread messages and clears them when read', async () => {
    const before = bob.unreadCount(room.id);
    const arrived = next(bob, 'message', (m) => m.content === 'unread please');
    alice.send(room.id, 'unread please');
    await arrived;
    expect(bob.unreadCount(room.id)).toBe(before + 1);
    const receipt = next(alice, 'read', (e) => e.user_id === bob.user!.id);
    const result = await bob.markRead(room.id);
    expect(result?.unread_count).toBe(0);
    expect(bob.unreadCount(room.id)).toBe(0);
    await expect(receipt).resolves.toMatchObject({ room_id: room.id });
  });

  it('reports presence when a member goes offline and comes back', async () => {
    const offline = next(alice, 'presence', (e) => e.user_id === bob.user!.id && e.status === 'offline');
    bob.realtime.disconnect();
    await offline;
    expect(alice.presence(bob.user!.id)?.status).toBe('offline');
    const online = next(alice, 'presence', (e) => e.user_id === bob.user!.id && e.status === 'online');
    bob.realtime.connect();
    await online;
  });
});
