import type { TokenStorage } from './token-storage.js';
import { type StoredTokens, TokenManager } from './tokens.js';

/** One storage shared by several managers (tabs): a lock that queues, and change events to the others. */
function sharedStorage() {
  let value: StoredTokens | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  const listeners = new Set<(tokens: StoredTokens | null) => void>();
  const view = (): TokenStorage & { subscribers: typeof listeners } => {
    const mine = new Set<(tokens: StoredTokens | null) => void>();
    return {
      subscribers: listeners,
      load: () => value,
      save(tokens) {
        const changed = JSON.stringify(tokens) !== JSON.stringify(value);
        value = tokens;
        // Like `storage` events: only the other tabs hear of a change.
        if (changed) for (const listener of listeners) if (!mine.has(listener)) listener(tokens);
      },
      exclusive<T>(work: () => Promise<T>): Promise<T> {
        const run = queue.then(work);
        queue = run.catch(() => undefined);
        return run;
      },
      subscribe(listener) {
        mine.add(listener);
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
  };
  return { view, current: () => value };
}

/** A refresh endpoint that rotates: each refresh token works once. */
function rotatingServer() {
  let n = 0;
  const spent: string[] = [];
  const fetchImpl = (async (_url: string, init: RequestInit) => {
    const { refresh_token } = JSON.parse(String(init.body)) as { refresh_token: string };
    spent.push(refresh_token);
    n += 1;
    return new Response(JSON.stringify({ access_token: `access-${n}`, refresh_token: `refresh-${n}`, expires_in: 600 }), { status: 200 });
  }) as unknown as typeof fetch;
  return { fetchImpl, spent };
}

const expiring: StoredTokens = { access_token: 'access-0', refresh_token: 'refresh-0', expires_at: Date.now() + 1_000 };

describe(TokenManager.name, () => {
  it('renews once for every tab on a shared storage: the others take the new pair instead of spending the old one', async () => {
    const storage = sharedStorage();
    const server = rotatingServer();
    const tabs = [0, 1, 2].map(() => new TokenManager('', server.fetchImpl, storage.view()));
    tabs.forEach((tab) => tab.set(expiring, false));

    const tokens = await Promise.all(tabs.map((tab) => tab.accessToken()));

    expect(server.spent).toEqual(['refresh-0']);
    expect(tokens).toEqual(['access-1', 'access-1', 'access-1']);
    expect(storage.current()?.refresh_token).toBe('refresh-1');
    tabs.forEach((tab) => tab.dispose());
  });

  it('takes another tab’s renewal and sign-out as they happen', async () => {
    const storage = sharedStorage();
    const server = rotatingServer();
    const [first, second] = [0, 1].map(() => new TokenManager('', server.fetchImpl, storage.view()));
    first.set(expiring, false);
    second.set(expiring, false);
    const renewed: string[] = [];
    second.on('renewed', (t) => renewed.push(t.refresh_token));
    const signedOut: string[] = [];
    second.on('signedOut', (e) => signedOut.push(e.reason));

    await first.refresh();
    expect(second.current?.refresh_token).toBe('refresh-1');
    expect(renewed).toEqual(['refresh-1']); // the socket reconnects with the new token

    first.clear();
    expect(second.current).toBeNull();
    expect(signedOut).toEqual(['signed_out']);
    expect(storage.current()).toBeNull();
    first.dispose();
    second.dispose();
  });
});
