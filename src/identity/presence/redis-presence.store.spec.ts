import type { Redis } from 'ioredis';
import { RedisPresenceStore } from './redis-presence.store';

describe(RedisPresenceStore.name, () => {
  it('counts on this node alone, without sending a command, while Redis is down', async () => {
    let commands = 0;
    const command = () => {
      commands += 1;
      return Promise.reject(new Error('must not be called'));
    };
    const down = { status: 'reconnecting', hset: command, hdel: command, zrangebyscore: command, pipeline: command } as unknown as Redis;
    const store = new RedisPresenceStore(down, 'test', 15_000);
    await expect(store.connect('u1', 's1')).resolves.toBe(true);
    await expect(store.connect('u1', 's2')).resolves.toBe(false);
    await expect(store.isOnline('u1')).resolves.toBe(false); // reads say offline during an outage
    await expect(store.disconnect('u1', 's1')).resolves.toBe(false);
    await expect(store.disconnect('u1', 's2')).resolves.toBe(true);
    expect(commands).toBe(0);
  });
});
