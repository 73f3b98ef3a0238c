import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import { RedisPresenceStore } from '../src/identity/presence/redis-presence.store';
import { eventually } from './support/sockets';

/**
 * Socket activity shared between nodes through Redis (notifications count users whose sockets are all idle as
 * away): two presence stores, as two nodes hold them, on one Redis. Needs REDIS_URL, like the cluster suite.
 */
const redisUrl = process.env.REDIS_URL;
if (!redisUrl) console.log('Presence activity suite skipped: REDIS_URL is not set.');
const describeWithRedis = redisUrl ? describe : describe.skip;

/** Waits for a condition (delivery is asynchronous), at most `ms`. */
const until = <T>(check: () => T | Promise<T>, ms = 8000) => eventually(check, ms);

describeWithRedis('Presence activity across nodes (Redis)', () => {
  const prefix = `parley-test-${randomBytes(4).toString('hex')}`;
  let redisA: Redis;
  let redisB: Redis;
  let a: RedisPresenceStore;
  let b: RedisPresenceStore;

  beforeAll(() => {
    redisA = new Redis(redisUrl!);
    redisB = new Redis(redisUrl!);
    // Heartbeats every 500 ms (a third of the TTL, at least 500 ms).
    a = new RedisPresenceStore(redisA, prefix, 1500);
    b = new RedisPresenceStore(redisB, prefix, 1500);
    a.onModuleInit();
    b.onModuleInit();
  });
  afterAll(async () => {
    await a.onApplicationShutdown();
    await b.onApplicationShutdown();
    const keys = await redisA.keys(`${prefix}:*`);
    if (keys.length) await redisA.del(...keys);
    redisA.disconnect();
    redisB.disconnect();
  });

  it("sees another node's socket go idle, come back with a client event, and leave", async () => {
    // Several heartbeats (500 ms) wide: a loaded machine delays one by hundreds of ms, and B must read the touch as fresh.
    const idleMs = 3000;
    await a.connect('u1', 's1');
    // Just connected: active on every node (once A's first heartbeat has made it a live node), whether or not a heartbeat has shared the time yet.
    await until(async () => expect(await b.activeAmong(['u1', 'u2'], idleMs)).toEqual(new Set(['u1'])));
    await until(async () => expect(await b.activeAmong(['u1'], idleMs)).toEqual(new Set()));
    await expect(b.onlineAmong(['u1'])).resolves.toEqual(new Set(['u1'])); // online, but idle: away for notifications
    await expect(a.activeAmong(['u1'], idleMs)).resolves.toEqual(new Set());
    a.touch('u1', 's1');
    await expect(a.activeAmong(['u1'], idleMs)).resolves.toEqual(new Set(['u1']));
    await until(async () => expect(await b.activeAmong(['u1'], idleMs)).toEqual(new Set(['u1'])));
    await expect(b.activeAmong(['u1'], 0)).resolves.toEqual(new Set(['u1']));
    await a.disconnect('u1', 's1');
    await expect(b.activeAmong(['u1'], idleMs)).resolves.toEqual(new Set());
  });
});
