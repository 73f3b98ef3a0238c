import { randomBytes } from 'node:crypto';
import { jest } from '@jest/globals';
import { Redis } from 'ioredis';
import { Server } from 'socket.io';
import { StreamAdapterLink } from '../src/conversations/realtime/stream-adapter-link';
import request from 'supertest';
import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { startServer, ServerProcess } from './support/server-process';
import { ack, ClientSocket, connect, disconnected, eventually, record } from './support/sockets';
import { createTestDatabase } from './support/test-database';
import { API, deleteRedisKeys, TEST_JWT_SECRET } from './support/test-app';
import { Measurements } from '../src/core/metrics/measurements';

/**
 * Two Parley processes on one PostgreSQL database and one Redis: whatever
 * node a client talks to, it sees the same thing. Needs REDIS_URL (.ci/run
 * sets it to the machine's Redis); skipped with a printed reason otherwise.
 */
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.log('Cluster suite skipped: REDIS_URL is not set (set it to run several nodes against one Redis).');
const describeCluster = redisUrl ? describe : describe.skip;
/** Message events per user a minute (REST and sockets): above what the other tests send, low enough to reach. */
const MESSAGE_LIMIT = 30;
const TYPING_LIMIT = 10;
const METRICS_TOKEN = 'cluster-metrics-token-0123456789';

describeCluster('Cluster: two nodes, one database, one Redis (e2e)', () => {
  let drop: () => Promise<void>;
  const redisKeyPrefix = `parley-test-${randomBytes(4).toString('hex')}`;
  let nodeA: ServerProcess;
  let nodeB: ServerProcess;
  let alice: TestUser;
  let bob: TestUser;
  const sockets: ClientSocket[] = [];
  const open = async (baseUrl: string, user: TestUser) => {
    const socket = await connect(baseUrl, user.access);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info', // startServer waits for the info-level "Listening" line
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl!,
      REDIS_KEY_PREFIX: redisKeyPrefix,
      JWT_SECRET: TEST_JWT_SECRET,
      THROTTLE_AUTH_IP_LIMIT: '100000',
      THROTTLE_AUTH_LOGIN_LIMIT: '100000',
      SOCKET_RATE_LIMIT: String(MESSAGE_LIMIT),
      SOCKET_RATE_WINDOW: '60s',
      PRESENCE_NODE_TTL: '3s',
      METRICS_TOKEN,
      SOCKET_MAX_PER_USER: '3',
      SOCKET_TYPING_LIMIT: String(TYPING_LIMIT),
      SOCKET_TYPING_WINDOW: '60s',
    };
    // Both boot at once: migrations serialise on an advisory lock.
    [nodeA, nodeB] = await Promise.all([startServer(env), startServer(env)]);
    alice = await registerUser(request(nodeA.url), { username: 'alice' });
    bob = await registerUser(request(nodeB.url), { username: 'bob' });
  }, 180_000); // two server processes booted from source: minutes on a busy 2-core machine

  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.close();
  });

  afterAll(async () => {
    await Promise.all([nodeA?.stop(), nodeB?.process.exitCode === null && nodeB.process.signalCode === null ? nodeB.stop() : undefined]);
    await drop?.();
    await deleteRedisKeys(redisKeyPrefix);
  });

  it("keeps its nodes' adapter channel to its own REDIS_KEY_PREFIX (deployments sharing a Redis do not count or ask each other)", async () => {
    const redis = new Redis(redisUrl!, { maxRetriesPerRequest: 1 });
    try {
      // The adapter's request channel: the nodes counted by serverCount() and asked by fetchSockets().
      const [, ours] = (await redis.pubsub('NUMSUB', `${redisKeyPrefix}:socket.io#/chat#`)) as [string, number];
      expect(Number(ours)).toBe(2);
    } finally {
      redis.disconnect();
    }
  });

  it('reports Redis in /health/ready on both nodes', async () => {
    for (const node of [nodeA, nodeB]) {
      const res = await request(node.url).get('/health/ready').expect(200);
      expect(res.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
    }
  });

  it('delivers a message sent to node A (REST and socket) to a member on node B exactly once', async () => {
    const room = await createRoom(request(nodeA.url), alice, { participants: [bob.id] });
    const onB = await open(nodeB.url, bob);
    const seen = record<{ content: string; seq: number }>(onB, 'message:new');
    await send(request(nodeA.url), alice, room.id, 'via REST on A');
    const onA = await open(nodeA.url, alice);
    expect(await ack(onA, 'message:send', { room_id: room.id, content: 'via socket on A' })).toMatchObject({ ok: true });
    await eventually(() => expect(seen.map((m) => m.content)).toEqual(['via REST on A', 'via socket on A']));
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toHaveLength(2);
  });

  it('times what reaches node B from node A through Redis (parley_socket_adapter_lag_seconds)', async () => {
    const adapterLag = async () => {
      const { text } = await request(nodeB.url).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(200);
      const count = /^parley_socket_adapter_lag_seconds_count (\d+)$/m.exec(text);
      const sum = /^parley_socket_adapter_lag_seconds_sum (\S+)$/m.exec(text);
      return { count: Number(count?.[1] ?? NaN), sum: Number(sum?.[1] ?? NaN) };
    };
    const before = await adapterLag();
    const room = await createRoom(request(nodeA.url), alice, { participants: [bob.id] });
    const onB = await open(nodeB.url, bob);
    const seen = record<{ content: string }>(onB, 'message:new');
    await send(request(nodeA.url), alice, room.id, 'timed across nodes');
    await eventually(() => expect(seen.map((m) => m.content)).toEqual(['timed across nodes']));
    const after = await adapterLag();
    expect(after.count).toBeGreaterThan(before.count);
    expect(after.sum).toBeGreaterThanOrEqual(0);
  });

  it('moves a socket on node B into a room joined through node A', async () => {
    const room = await createRoom(request(nodeA.url), alice);
    const onB = await open(nodeB.url, bob);
    const seen = record<{ content: string }>(onB, 'message:new');
    await request(nodeA.url)
      .post(`${API}/rooms/${room.id}/members`)
      .set(alice.auth)
      .send({ user_ids: [bob.id] })
      .expect(201);
    await new Promise((r) => setTimeout(r, 200));
    await send(request(nodeA.url), alice, room.id, 'welcome across nodes');
    await eventually(() => expect(seen.map((m) => m.content)).toEqual(['welcome across nodes']));
  });

  it('disconnects a socket on node B when its login logs out on node A', async () => {
    const carol = await registerUser(request(nodeA.url));
    const onB = await connect(nodeB.url, carol.access);
    const gone = disconnected(onB);
    await request(nodeA.url).post(`${API}/auth/logout`).set(carol.auth).send({ refresh_token: carol.refresh }).expect(204);
    await expect(gone).resolves.toBe('io server disconnect');
  });

  it('keeps a user with one tab on each node online until both close', async () => {
    const erin = await registerUser(request(nodeA.url));
    await createRoom(request(nodeA.url), alice, { participants: [erin.id] });
    const watcher = await open(nodeA.url, alice);
    const presence = record<{ user_id: string; status: string }>(watcher, 'presence');
    const tabA = await connect(nodeA.url, erin.access);
    const tabB = await connect(nodeB.url, erin.access);
    const statuses = () => presence.filter((p) => p.user_id === erin.id).map((p) => p.status);
    await eventually(() => expect(statuses()).toEqual(['online']));
    const viaB = await request(nodeB.url).get(`${API}/users/${erin.id}`).set(bob.auth).expect(200);
    expect(viaB.body.online).toBe(true);
    tabA.close();
    await new Promise((r) => setTimeout(r, 300));
    expect(statuses()).toEqual(['online']);
    expect((await request(nodeA.url).get(`${API}/users/${erin.id}`).set(bob.auth)).body.online).toBe(true);
    tabB.close();
    await eventually(() => expect(statuses()).toEqual(['online', 'offline']));
    expect((await request(nodeA.url).get(`${API}/users/${erin.id}`).set(bob.auth)).body.online).toBe(false);
  });

  it('coalesces typing across nodes: one is_typing true a second for a user typing in two tabs', async () => {
    const gina = await registerUser(request(nodeA.url));
    const room = await createRoom(request(nodeA.url), alice, { participants: [gina.id] });
    const watcher = await open(nodeA.url, alice);
    const typing = record<{ user_id: string; is_typing: boolean }>(watcher, 'typing');
    const [tabA, tabB] = [await open(nodeA.url, gina), await open(nodeB.url, gina)];
    expect((await ack(tabA, 'typing', { room_id: room.id, is_typing: true })).ok).toBe(true);
    expect((await ack(tabB, 'typing', { room_id: room.id, is_typing: true })).ok).toBe(true);
    await eventually(() => expect(typing.filter((e) => e.user_id === gina.id && e.is_typing)).toHaveLength(1));
    await new Promise((r) => setTimeout(r, 200));
    expect(typing.filter((e) => e.user_id === gina.id && e.is_typing)).toHaveLength(1);
  });

  it('counts the per-user socket rate limit across nodes', async () => {
    const dave = await registerUser(request(nodeA.url));
    const room = await createRoom(request(nodeA.url), dave);
    const [onA, onB] = [await open(nodeA.url, dave), await open(nodeB.url, dave)];
    for (let i = 0; i < MESSAGE_LIMIT / 2; i += 1) {
      expect((await ack(onA, 'message:send', { room_id: room.id, content: `a${i}` })).ok).toBe(true);
      expect((await ack(onB, 'message:send', { room_id: room.id, content: `b${i}` })).ok).toBe(true);
    }
    expect(await ack(onB, 'message:send', { room_id: room.id, content: 'seventh' })).toMatchObject({ ok: false, error: { code: 'throttled' } });
    expect(await ack(onA, 'message:send', { room_id: room.id, content: 'eighth' })).toMatchObject({ ok: false, error: { code: 'throttled' } });
  });

  it('counts REST and socket messages in one budget across nodes', async () => {
    const erin = await registerUser(request(nodeA.url));
    const room = await createRoom(request(nodeA.url), erin);
    const onB = await open(nodeB.url, erin);
    for (let i = 0; i < MESSAGE_LIMIT / 2; i += 1) {
      await send(request(nodeA.url), erin, room.id, `rest ${i}`);
      expect((await ack(onB, 'message:send', { room_id: room.id, content: `socket ${i}` })).ok).toBe(true);
    }
    const refused = await request(nodeB.url).post(`${API}/rooms/${room.id}/messages`).set(erin.auth).send({ content: 'seventh' });
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBeDefined();
    expect(await ack(onB, 'message:send', { room_id: room.id, content: 'eighth' })).toMatchObject({ ok: false, error: { code: 'throttled' } });
  });

  it('counts typing across nodes: refused past the shared limit though each node saw fewer', async () => {
    const hank = await registerUser(request(nodeA.url));
    const room = await createRoom(request(nodeA.url), hank);
    const [tabA, tabB] = [await open(nodeA.url, hank), await open(nodeB.url, hank)];
    const typing = { room_id: room.id, is_typing: true };
    for (let i = 0; i < TYPING_LIMIT / 2; i += 1) expect((await ack(tabA, 'typing', typing)).ok).toBe(true);
    for (let i = 0; i < TYPING_LIMIT / 2; i += 1) expect((await ack(tabB, 'typing', typing)).ok).toBe(true);
    // Node B has seen half the limit; the shared count is full. The check stays synchronous
    // (no Redis await per event), so B learns it from the background count within an event or two.
    let refused: Awaited<ReturnType<typeof ack>> | undefined;
    for (let i = 0; i < 3 && !refused; i += 1) {
      const answer = await ack(tabB, 'typing', typing);
      if (!answer.ok) refused = answer;
    }
    expect(refused).toMatchObject({ ok: false, error: { code: 'throttled' } });
    expect(refused!.error!.retry_after_ms).toBeGreaterThan(0);
  });

  it("counts a user's sockets on both nodes against SOCKET_MAX_PER_USER", async () => {
    const gus = await registerUser(request(nodeA.url));
    const first = await open(nodeA.url, gus);
    await open(nodeA.url, gus);
    await open(nodeB.url, gus);
    await expect(connect(nodeB.url, gus.access)).rejects.toMatchObject({ code: 'too_many_connections' });
    await expect(connect(nodeA.url, gus.access)).rejects.toMatchObject({ code: 'too_many_connections' });
    first.close();
    // Node A releases the place when it sees the close; then node B admits a new one.
    const deadline = Date.now() + 5000;
    let again: ClientSocket | undefined;
    while (!again) {
      again = await connect(nodeB.url, gus.access).catch((error: unknown) => {
        if (Date.now() > deadline) throw error;
        return undefined;
      });
      if (!again) await new Promise((r) => setTimeout(r, 50));
    }
    sockets.push(again);
    expect(again.connected).toBe(true);
  });

  // Last: it kills node B.
  it('holds slow mode across nodes: of simultaneous sends through both, one is accepted', async () => {
    const room = await createRoom(request(nodeA.url), alice, { participants: [bob.id] });
    await request(nodeA.url).patch(`${API}/rooms/${room.id}`).set(alice.auth).send({ slow_mode_seconds: 60 }).expect(200);
    const attempts = [nodeA, nodeB, nodeA, nodeB].map((node, i) =>
      request(node.url)
        .post(`${API}/rooms/${room.id}/messages`)
        .set(bob.auth)
        .send({ content: `slow ${i}` }),
    );
    const results = await Promise.all(attempts);
    expect(results.map((r) => r.status).sort()).toEqual([201, 429, 429, 429]);
    expect(results.filter((r) => r.status === 429).every((r) => r.body.code === 'slow_mode' && r.body.retry_after_ms > 0)).toBe(true);
  });

  it("takes a killed node's users offline within the TTL; its clients reconnect elsewhere and lose nothing", async () => {
    const frank = await registerUser(request(nodeA.url));
    const room = await createRoom(request(nodeA.url), alice, { participants: [frank.id] });
    const watcher = await open(nodeA.url, alice);
    const presence = record<{ user_id: string; status: string }>(watcher, 'presence');
    const onB = await connect(nodeB.url, frank.access);
    const received = record<{ seq: number }>(onB, 'message:new');
    await eventually(() => expect(presence.filter((p) => p.user_id === frank.id).map((p) => p.status)).toEqual(['online']));
    const first = await send(request(nodeA.url), alice, room.id, 'before the crash');
    await eventually(() => expect(received.map((m) => m.seq)).toEqual([first.seq]));

    await nodeB.stop('SIGKILL');
    const killedAt = Date.now();
    for (let i = 0; i < 20; i += 1) await send(request(nodeA.url), alice, room.id, `while down ${i}`);
    await eventually(() => expect(presence.filter((p) => p.user_id === frank.id).map((p) => p.status)).toEqual(['online', 'offline']), 30_000);
    expect(Date.now() - killedAt).toBeLessThan(30_000);
    console.log(`node B killed: its user offline for the survivors after ${((Date.now() - killedAt) / 1000).toFixed(1)} s (PRESENCE_NODE_TTL 3 s)`);
    onB.close();

    const again = await open(nodeA.url, frank);
    const synced = await ack<{ rooms: Record<string, { messages: { content: string; seq: number }[]; has_more: boolean }> }>(again, 'sync', {
      rooms: { [room.id]: received.at(-1)!.seq },
    });
    const missed = synced.data!.rooms[room.id];
    expect(missed.has_more).toBe(false);
    expect(missed.messages.map((m) => m.content)).toEqual(Array.from({ length: 20 }, (_, i) => `while down ${i}`));
    expect(missed.messages.map((m) => m.seq)).toEqual(Array.from({ length: 20 }, (_, i) => first.seq + 1 + i));
  }, 60_000);
});

describeCluster('StreamAdapterLink against a real Redis', () => {
  it("keeps the event loop turning while the adapter's stream reads fail at once (its reader polls again only after a pause)", async () => {
    // Counts XREADs; past 1000 one never answers, which ends a hot loop so that the test can fail rather than hang.
    let reads = 0;
    const realXread = Redis.prototype.xread;
    const xread = jest.spyOn(Redis.prototype, 'xread').mockImplementation(function (this: Redis, ...args: unknown[]) {
      reads += 1;
      return reads > 1000 ? new Promise(() => undefined) : (realXread as (...a: unknown[]) => Promise<unknown>).apply(this, args);
    } as unknown as Redis['xread']);
    const duplicate = jest.spyOn(Redis.prototype, 'duplicate');
    const shared = new Redis(redisUrl!);
    const link = new StreamAdapterLink(shared, new Measurements());
    const io = new Server(0);
    try {
      io.adapter(link.adapter(`parley-test-${randomBytes(4).toString('hex')}`));
      await eventually(() => expect(reads).toBeGreaterThan(0)); // the reader is polling
      const before = reads;
      for (const client of duplicate.mock.results.map((r) => r.value as Redis)) client.disconnect(); // every read now fails at once
      await new Promise((resolve) => setTimeout(resolve, 600));
      expect(reads - before).toBeLessThanOrEqual(5); // one at the disconnect, then one each 250 ms
    } finally {
      await io.close();
      await link.onApplicationShutdown();
      xread.mockRestore();
      duplicate.mockRestore();
      shared.disconnect();
    }
  });

  it('leaves no unhandled rejection when the adapter closes before its SUBSCRIBE is answered', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    const duplicate = jest.spyOn(Redis.prototype, 'duplicate'); // still the real one: only recorded
    const shared = new Redis(redisUrl!);
    try {
      const link = new StreamAdapterLink(shared, new Measurements());
      const io = new Server(0);
      const streamName = `parley-test-${randomBytes(4).toString('hex')}`;
      io.adapter(link.adapter(streamName)); // SUBSCRIBE goes out on a connection still connecting...
      await io.close(); // ...and the adapter disconnects it at once
      await link.onApplicationShutdown();
      // The link's connection, the adapter's stream reader, its subscriber: the subscriber has ended
      // (ioredis rejects what was pending just before 'end'). The reader ends after its XREAD BLOCK.
      const [, , subscriber] = duplicate.mock.results.map((r) => r.value as Redis);
      if (subscriber.status !== 'end') await new Promise((resolve) => subscriber.once('end', resolve));
      await new Promise((resolve) => setImmediate(resolve)); // unhandled rejections are reported a tick later
      expect(unhandled).toEqual([]);
    } finally {
      duplicate.mockRestore();
      process.off('unhandledRejection', onUnhandled);
      shared.disconnect();
    }
  });
});
