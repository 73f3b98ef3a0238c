import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { createRoom, send } from './support/chat';
import { registerUser } from './support/factories';
import { exitOf } from './support/server-process';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * Multi-node mode when Redis goes away: /health/ready says not ready, REST
 * keeps serving, and everything recovers by itself when Redis returns. Uses a
 * private redis-server it can stop; skipped with a reason where there is none.
 */
const hasRedisServer = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!hasRedisServer) console.log('Redis outage suite skipped: no redis-server binary on this machine.');
const describeOutage = hasRedisServer ? describe : describe.skip;

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describeOutage('Redis outage (e2e)', () => {
  let port: number;
  let redis: ChildProcess;
  let t: TestApp;
  const startRedis = async () => {
    redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    for (let i = 0; i < 50; i += 1) {
      try {
        execFileSync('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('redis-server did not start');
  };
  const stopRedis = async () => {
    const exited = exitOf(redis);
    redis.kill('SIGKILL');
    await exited;
  };
  const ready = () => t.http.get('/health/ready');

  beforeAll(async () => {
    port = await freePort();
    await startRedis();
    t = await startTestApp({ REDIS_URL: `redis://127.0.0.1:${port}` });
  });
  afterAll(async () => {
    await t?.close();
    if (redis.exitCode === null && redis.signalCode === null) await stopRedis();
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

    await startRedis();
    let status = 0;
    for (let i = 0; i < 100 && status !== 200; i += 1) {
      status = (await ready()).status;
      if (status !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(status).toBe(200);
  }, 30_000);
});
