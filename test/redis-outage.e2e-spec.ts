import { createRoom, send } from './support/chat';
import { registerUser } from './support/factories';
import { hasRedisServer, privateRedis, PrivateRedis } from './support/private-servers';
import { ack, connect, disconnected } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * Multi-node mode when Redis goes away: /health/ready says not ready, REST
 * keeps serving, and everything recovers by itself when Redis returns. Uses a
 * private redis-server it can stop; skipped with a reason where there is none.
 */
if (!hasRedisServer) console.log('Redis outage suite skipped: no redis-server binary on this machine.');
const describeOutage = hasRedisServer ? describe : describe.skip;

describeOutage('Redis outage (e2e)', () => {
  let redis: PrivateRedis;
  let t: TestApp;
  const startRedis = () => redis.start();
  const stopRedis = () => redis.kill();
  const ready = () => t.http.get('/health/ready');

  beforeAll(async () => {
    redis = await privateRedis();
    await startRedis();
    t = await startTestApp({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await t?.close();
    await redis?.kill();
  });

  it('is not ready without Redis, keeps serving REST, and recovers when Redis returns', async () => {
    const user = await registerUser(t.http);
    const room = await createRoom(t.http, user);
    expect((await ready()).status).toBe(200);

    await stopRedis();
    const down = await ready();
    expect(down.status).toBe(503);
    expect(down.body.details).toMatchObject({ database: { status: 'up' }, redis: { status: 'down' } });
    await t.http.get(`${API}/users/${user.id}`).set(user.auth).expect(200);
    await send(t.http, user, room.id, 'while Redis is down');
    await t.http.get(`${API}/rooms/${room.id}/messages`).set(user.auth).expect(200);
    // Sockets connect, send and type without Redis: presence, rate limit and typing gate fall back to memory.
    const socket = await connect(t.baseUrl, user.access);
    const gone = disconnected(socket);
    const started = Date.now();
    expect(await ack(socket, 'message:send', { room_id: room.id, content: 'socket, Redis down' })).toMatchObject({ ok: true });
    expect(await ack(socket, 'typing', { room_id: room.id, is_typing: true })).toMatchObject({ ok: true });
    expect(Date.now() - started).toBeLessThan(2000); // nothing waited for a dead connection (it used to wait seconds)
    expect(socket.connected).toBe(true);
    socket.close();
    await gone;

    await startRedis();
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i += 1) {
      status = (await ready()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  }, 30_000);
});
