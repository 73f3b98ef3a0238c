import { jest } from '@jest/globals';
import { InMemoryPresenceStore } from './in-memory-presence.store';

describe(InMemoryPresenceStore.name, () => {
  it('counts a user online once across several sockets and offline only after the last', async () => {
    const store = new InMemoryPresenceStore();
    await expect(store.connect('u1', 's1')).resolves.toBe(true);
    await expect(store.connect('u1', 's2')).resolves.toBe(false);
    await expect(store.disconnect('u1', 's1')).resolves.toBe(false);
    await expect(store.isOnline('u1')).resolves.toBe(true);
    await expect(store.disconnect('u1', 's2')).resolves.toBe(true);
    await expect(store.isOnline('u1')).resolves.toBe(false);
  });

  it('ignores a socket it never saw and answers membership in bulk', async () => {
    const store = new InMemoryPresenceStore();
    await store.connect('a', 's1');
    await expect(store.disconnect('b', 'sx')).resolves.toBe(false);
    await expect(store.onlineAmong(['a', 'b'])).resolves.toEqual(new Set(['a']));
  });
});

describe(`${InMemoryPresenceStore.name} admission`, () => {
  it('admits up to max sockets per user and still reports the first connect once', async () => {
    const store = new InMemoryPresenceStore();
    await expect(store.admit('u', 's1', 2)).resolves.toBe(true);
    await expect(store.admit('u', 's2', 2)).resolves.toBe(true);
    await expect(store.admit('u', 's3', 2)).resolves.toBe(false);
    await expect(store.admit('v', 's4', 2)).resolves.toBe(true);
    await expect(store.connect('u', 's1')).resolves.toBe(true);
    await expect(store.connect('u', 's2')).resolves.toBe(false);
    await expect(store.disconnect('u', 's1')).resolves.toBe(false);
    await expect(store.admit('u', 's3', 2)).resolves.toBe(true);
  });

  it('releases a socket admitted but never connected without reporting the user offline', async () => {
    const store = new InMemoryPresenceStore();
    await store.admit('u', 's1', 1);
    await expect(store.disconnect('u', 's1')).resolves.toBe(false);
    await expect(store.isOnline('u')).resolves.toBe(false);
  });
});

describe(`${InMemoryPresenceStore.name} activity`, () => {
  it('counts a user active while one of their sockets sent a client event within the idle time, idle sockets as away', async () => {
    jest.useFakeTimers({ now: Date.parse('2026-03-01T12:00:00Z') });
    try {
      const store = new InMemoryPresenceStore();
      await store.connect('u', 's1');
      await store.connect('u', 's2');
      await store.connect('v', 's3');
      jest.setSystemTime(Date.parse('2026-03-01T12:09:00Z'));
      store.touch('u', 's2');
      store.touch('v', 'not-a-socket-of-v');
      jest.setSystemTime(Date.parse('2026-03-01T12:10:30Z'));
      await expect(store.activeAmong(['u', 'v', 'w'], 10 * 60_000)).resolves.toEqual(new Set(['u']));
      await expect(store.activeAmong(['u', 'v', 'w'], 0)).resolves.toEqual(new Set(['u', 'v'])); // 0: online is enough
      await store.disconnect('u', 's2');
      await expect(store.activeAmong(['u'], 10 * 60_000)).resolves.toEqual(new Set()); // s1 has been idle since 12:00
    } finally {
      jest.useRealTimers();
    }
  });
});
