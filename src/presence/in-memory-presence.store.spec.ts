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
