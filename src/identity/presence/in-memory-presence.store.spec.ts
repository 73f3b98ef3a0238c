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
