import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createRoom } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { GapFreeReceiver } from './support/gap-free-receiver';
import { hasRedisServer, privateSentinelRedis, PrivateSentinelRedis } from './support/private-servers';
import { startServer, ServerProcess, expectNodesAlive } from './support/server-process';
import { ClientSocket, connect, eventually } from './support/sockets';
import { createTestDatabase } from './support/test-database';
import { API, TEST_JWT_SECRET } from './support/test-app';
import { Load } from './support/send-load';

/**
 * Redis through Sentinel (REDIS_SENTINELS): two Parley processes on a private
 * master, replica and two sentinels; the master's redis-server SIGKILLed under
 * load (a crash, not a `SENTINEL FAILOVER`: the sentinels must notice it down,
 * after down-after-milliseconds, 1000 here, and promote the replica) behaves
 * like the Redis outage contract (docs/faults.md): the nodes follow the new
 * master, sockets are told `sync:required`, and receivers doing what the docs
 * say end with every seq exactly once. Skipped, with the reason printed, where
 * there is no redis-server binary (the sentinels are redis-server --sentinel).
 */
if (!hasRedisServer) console.log('Redis Sentinel suite skipped: no redis-server binary on this machine.');
const describeSentinel = hasRedisServer ? describe : describe.skip;

describeSentinel('Redis through Sentinel: the master killed under load (e2e)', () => {
  let dir: string;
  let redis: PrivateSentinelRedis;
  let database: { url: string; drop(): Promise<void> };
  const nodes: ServerProcess[] = [];
  let users: TestUser[];
  let roomId: string;
  const receivers: GapFreeReceiver[] = [];
  const sockets: ClientSocket[] = [];
  const http = (i: number) => request(nodes[i % 2].url);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parley-sentinel-'));
    redis = await privateSentinelRedis(dir);
    database = await createTestDatabase();
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info', // startServer waits for the info-level "Listening" line
      DATABASE_URL: database.url,
      REDIS_SENTINELS: redis.sentinels,
      REDIS_SENTINEL_NAME: redis.name,
      REDIS_KEY_PREFIX: `parley-sentinel-${randomBytes(4).toString('hex')}`,
      JWT_SECRET: TEST_JWT_SECRET,
      THROTTLE_AUTH_IP_LIMIT: '100000',
      THROTTLE_AUTH_LOGIN_LIMIT: '100000',
      SOCKET_RATE_LIMIT: '100000',
      DATABASE_POOL_SIZE: '5',
    };
    // One after the other: the first runs the migrations (the second would wait on their lock anyway).
    nodes.push(await startServer(env));
    nodes.push(await startServer(env));
    users = [];
    for (let i = 0; i < 6; i += 1) users.push(await registerUser(http(i)));
    roomId = (await createRoom(http(0), users[0], { participants: users.slice(1).map((u) => u.id) })).id;
    for (let i = 2; i < 6; i += 1) {
      const socket = await connect(nodes[i % 2].url, users[i].access);
      sockets.push(socket);
      const receiver = new GapFreeReceiver(socket, http(i), users[i].auth, [roomId]);
      await receiver.fill(roomId);
      receivers.push(receiver);
    }
  }, 180_000);

  afterEach(() => expectNodesAlive(nodes));

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all(nodes.map((node) => node.stop()));
    await redis?.close();
    await database?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('follows the promoted replica after the master is SIGKILLed under load: sync:required, no delivery missing, nothing lost', async () => {
    // Both nodes on the sentinels' master, with the adapter linking them: a message sent on
    // node A reaches a receiver on node B (single-node mode would not deliver it at all).
    for (const node of nodes) expect((await request(node.url).get('/health/ready')).status).toBe(200);
    const senders = await Promise.all([0, 1].map((i) => connect(nodes[i].url, users[i].access)));
    sockets.push(...senders);
    const load = new Load(roomId, senders, 60);
    load.start();
    await load.until(() => load.acked >= 100, 15_000);
    load.phase('outage');
    const { from, to } = await redis.killMaster();
    // The nodes notice (their connections to the killed master reset; ioredis asks the sentinels again
    // on reconnect and also hears +switch-master) and their
    // adapter link comes back on the new master. (Bounded wait, not a speed check: a loaded machine is slow.)
    await eventually(() => {
      for (const node of nodes) expect(node.output()).toMatch(/Redis link back/);
    }, 60_000);
    load.phase('after');
    const switchedAt = Date.now();
    await load.until(() => load.ackedSince(switchedAt) >= 100, 15_000);
    await load.stop();

    const figures = load.report();
    console.log(`master ${from} SIGKILLed, sentinels promoted ${to}, two nodes, ${load.acked} messages acked:\n${figures.text}`);
    console.log(`receivers: ${receivers.map((r) => `${r.syncRequired} sync:required, ${r.syncs} syncs, ${r.overlap} live after sync`).join('; ')}`);
    expect(load.failures).toEqual([]);
    // Every receiver holds every seq exactly once; the live stream repeated none.
    const last = ((await http(0).get(`${API}/rooms/${roomId}`).set(users[0].auth)).body as { last_seq: number }).last_seq;
    const all = Array.from({ length: last }, (_, i) => i + 1);
    await eventually(() => {
      for (const receiver of receivers) expect([...receiver.held.get(roomId)!].sort((a, b) => a - b)).toEqual(all);
    }, 15_000);
    for (const receiver of receivers) expect(receiver.liveDuplicates).toBe(0);
    // The switch was seen as a link loss: every socket was told to sync (no silent gap).
    for (const receiver of receivers) expect(receiver.syncRequired).toBeGreaterThan(0);
    await load.expectAllStored(http(0), users[0]);
    // Both nodes ready again, on the new master.
    await eventually(async () => {
      for (const node of nodes) {
        const ready = await request(node.url).get('/health/ready');
        expect({ status: ready.status, body: ready.body }).toMatchObject({ status: 200 }); // the body says which check is down
      }
    }, 60_000);
  }, 120_000);
});
