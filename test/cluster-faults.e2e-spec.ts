import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createRoom } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { GapFreeReceiver } from './support/gap-free-receiver';
import { hasRedisServer, privatePostgres, PrivatePostgres, privateRedis, PrivateRedis } from './support/private-servers';
import { startServer, ServerProcess, expectNodesAlive } from './support/server-process';
import { ClientSocket, connect, eventually } from './support/sockets';
import { API, TEST_JWT_SECRET } from './support/test-app';
import { Load } from './support/send-load';

/**
 * The cluster under faults: two Parley processes on a private PostgreSQL and a
 * private Redis, which these tests kill and stop (never the machine's shared
 * servers). Senders on both nodes retry with the same client_message_id as the
 * docs say; receivers on both nodes do what docs/faults.md says and nothing
 * else. Skipped, with the reason printed, where there is no redis-server.
 */
if (!hasRedisServer) console.log('Cluster fault suite skipped: no redis-server binary on this machine.');
const describeFaults = hasRedisServer ? describe : describe.skip;

describeFaults('Cluster under faults: Redis restart and PostgreSQL stop under load (e2e)', () => {
  let redis: PrivateRedis;
  let postgres: PrivatePostgres & { close(): Promise<void> };
  let dataDir: string;
  let nodes: ServerProcess[] = [];
  let users: TestUser[];
  let roomId: string;
  const receivers: GapFreeReceiver[] = [];
  const sockets: ClientSocket[] = [];
  const http = (i: number) => request(nodes[i % 2].url);

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'parley-faults-'));
    redis = await privateRedis();
    await redis.start();
    postgres = await privatePostgres(join(dataDir, 'postgres'));
    const env = {
      NODE_ENV: 'test',
      LOG_LEVEL: 'info', // startServer waits for the info-level "Listening" line
      DATABASE_URL: postgres.url,
      REDIS_URL: redis.url,
      JWT_SECRET: TEST_JWT_SECRET,
      THROTTLE_AUTH_IP_LIMIT: '100000',
      THROTTLE_AUTH_LOGIN_LIMIT: '100000',
      SOCKET_RATE_LIMIT: '100000',
      DATABASE_POOL_SIZE: '5',
    };
    nodes = await Promise.all([startServer(env), startServer(env)]);
    // Two senders (one per node) and four receivers (two per node) in one room.
    users = [];
    for (let i = 0; i < 6; i += 1) users.push(await registerUser(http(i)));
    roomId = (await createRoom(http(0), users[0], { participants: users.slice(1).map((u) => u.id) })).id;
    for (let i = 2; i < 6; i += 1) {
      const socket = await connect(nodes[i % 2].url, users[i].access);
      sockets.push(socket);
      const receiver = new GapFreeReceiver(socket, http(i), users[i].auth, [roomId]);
      await receiver.fill(roomId); // what a client does on connect
      receivers.push(receiver);
    }
  }, 180_000); // a private PostgreSQL and Redis, two server processes booted from source: minutes on a busy 2-core machine

  afterEach(() => expectNodesAlive(nodes));

  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await Promise.all(nodes.map((node) => node.stop()));
    await redis?.kill();
    await postgres?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }, 60_000);

  const lastSeq = async () => ((await http(0).get(`${API}/rooms/${roomId}`).set(users[0].auth)).body as { last_seq: number }).last_seq;

  /** Every receiver holds every seq of the room exactly once; the live stream never repeated one. */
  const expectEveryReceiverComplete = async () => {
    const last = await lastSeq();
    const all = Array.from({ length: last }, (_, i) => i + 1);
    await eventually(() => {
      for (const receiver of receivers) expect([...receiver.held.get(roomId)!].sort((a, b) => a - b)).toEqual(all);
    }, 15_000);
    for (const receiver of receivers) expect(receiver.liveDuplicates).toBe(0);
  };

  const OUTAGE_MS = 2500;
  it('loses no delivery when Redis is killed and restarted under load (a member added meanwhile too), and keeps send acks fast', async () => {
    const senders = [0, 1].map(async (i) => {
      const socket = await connect(nodes[i].url, users[i].access);
      sockets.push(socket);
      return socket;
    });
    // A user not yet in the room, connected to node A: added through node B during the outage.
    const latecomer = await registerUser(http(0));
    const latecomerSocket = await connect(nodes[0].url, latecomer.access);
    sockets.push(latecomerSocket);
    const load = new Load(roomId, await Promise.all(senders), 60);
    load.start();
    await load.until(() => load.acked >= 150, 10_000);
    load.phase('outage');
    await redis.kill();
    await load.for(OUTAGE_MS - 1500);
    await http(1)
      .post(`${API}/rooms/${roomId}/members`)
      .set(users[0].auth)
      .send({ user_ids: [latecomer.id] })
      .expect(201);
    receivers.push(new GapFreeReceiver(latecomerSocket, http(0), latecomer.auth, [roomId]));
    await load.for(1500);
    load.phase('after');
    await redis.start();
    await load.for(1500);
    await load.stop();

    const figures = load.report();
    console.log(`Redis killed for 2.5 s, two nodes, ${load.acked} messages acked at 120/s:\n${figures.text}`);
    console.log(`receivers: ${receivers.map((r) => `${r.syncRequired} sync:required, ${r.syncs} syncs, ${r.overlap} live after sync`).join('; ')}`);
    expect(load.failures).toEqual([]);
    // Fail fast: no send waited for Redis to come back. A send that did would be acked only after the
    // 2.5 s outage (the issue measured 6.7 s before the fix). Not a speed bound: that is the bench's job,
    // and an ack over a loaded shared machine can take a second or more (a tighter bound here failed CI).
    expect(figures.outage.p99).toBeLessThan(OUTAGE_MS);
    await expectEveryReceiverComplete();
    // The receivers on the node that could not hear the other node's sends were told to sync,
    // and the member added on node B during the outage was moved into the room on node A.
    expect(receivers.some((r) => r.syncRequired > 0)).toBe(true);
    expect(receivers.at(-1)!.syncRequired).toBeGreaterThan(0);
  }, 60_000);

  it('answers 503 service_unavailable (never 500) while PostgreSQL is down, and loses no acknowledged message', async () => {
    const original = { content: 'sent before the outage', client_message_id: randomUUID() };
    const before = await http(1).post(`${API}/rooms/${roomId}/messages`).set(users[1].auth).send(original);
    expect(before.status).toBe(201);
    const socket = await connect(nodes[0].url, users[0].access);
    sockets.push(socket);
    const load = new Load(roomId, [socket], 60, { http: http(1), user: users[1] });
    load.start();
    await load.until(() => load.acked >= 30, 10_000);
    load.phase('outage');
    await postgres.stop();
    const stoppedAt = Date.now();
    await load.for(2000);
    const whileDown = await http(0).get(`${API}/rooms/${roomId}/messages`).set(users[0].auth);
    expect(whileDown.status).toBe(503);
    expect(whileDown.body).toEqual({ detail: expect.any(String), code: 'service_unavailable' });
    expect(whileDown.headers['retry-after']).toBe('1');
    // A handshake now is refused as retryable, not as a bad token (the client must not log out).
    await expect(connect(nodes[1].url, users[2].access)).rejects.toMatchObject({ code: 'service_unavailable' });
    load.phase('after');
    await postgres.start();
    const restartedAt = Date.now();
    await load.until(() => load.ackedSince(restartedAt) >= 10, 15_000);
    await load.stop();

    const figures = load.report();
    console.log(
      `PostgreSQL stopped for ${((restartedAt - stoppedAt) / 1000).toFixed(1)} s, ${load.acked} messages acked: ` +
        `answers while down ${JSON.stringify(load.answers)}, first ack ${load.firstAckAfter(restartedAt)} ms after PostgreSQL was back\n${figures.text}`,
    );
    expect(load.failures).toEqual([]);
    // Every answer the server gave was 503 service_unavailable. Transport errors and acks still missing after 5 s
    // (an overloaded machine: both CI runs at once) are not answers: retried with the same client_message_id.
    const notAnswers = (code: string) => code.startsWith('network:') || code === 'ack_timeout';
    expect(Object.keys(load.answers).filter((code) => code !== 'service_unavailable' && !notAnswers(code))).toEqual([]);
    expect(load.answers.service_unavailable).toBeGreaterThan(0);
    // Logged apart: warnings tagged service_unavailable, not server errors with a stack.
    const logs = nodes.map((node) => node.output()).join('\n');
    expect(logs).toContain('service_unavailable: the database is unreachable');
    expect(logs.split('\n').filter((line) => /"level":50/.test(line) && /"context":"(HttpError|WsError)"/.test(line))).toEqual([]);
    // Every acknowledged message is in the history once, under the id its ack gave.
    await load.expectAllStored(http(0), users[0]);
    // A retry of a message sent before the outage, after it, is answered with the original.
    const retried = await http(0).post(`${API}/rooms/${roomId}/messages`).set(users[1].auth).send(original);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ id: before.body.id, seq: before.body.seq });
    await expectEveryReceiverComplete();
  }, 60_000);
});
