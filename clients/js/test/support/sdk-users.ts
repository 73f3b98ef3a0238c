import { randomBytes } from 'node:crypto';
import { ParleyClient, type ClientEvents, type Message } from '../../src/index.js';

/** A registered user with an SDK client (optionally through a proxy), connected and caught up. */
export async function signedInClient(apiUrl: string, socketUrl = apiUrl, name = 'u'): Promise<ParleyClient> {
  const client = new ParleyClient({ baseUrl: socketUrl });
  const username = `${name}_${randomBytes(4).toString('hex')}`;
  // Register straight at the API (not through a proxy that a test may cut).
  const direct = new ParleyClient({ baseUrl: apiUrl });
  await direct.register({ username, email: `${username}@example.com`, password: 'a-good-password' });
  await client.login(username, 'a-good-password');
  direct.close();
  return client;
}

export async function connected(client: ParleyClient): Promise<ParleyClient> {
  const caughtUp = next(client, 'connection', (e) => e.caughtUp);
  await client.connect();
  await caughtUp;
  return client;
}

/** The next event of a kind that passes `test`, within `ms`. */
export function next<E extends keyof ClientEvents>(
  client: ParleyClient,
  event: E,
  test: (payload: ClientEvents[E]) => boolean = () => true,
  ms = 10_000,
): Promise<ClientEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${String(event)} event within ${ms} ms`));
    }, ms);
    const off = client.on(event, (payload) => {
      if (!test(payload)) return;
      clearTimeout(timer);
      off();
      resolve(payload);
    });
  });
}

/** Every message a client delivers, per room. */
export function collect(client: ParleyClient): Map<string, Message[]> {
  const byRoom = new Map<string, Message[]>();
  client.on('message', (m) => {
    const list = byRoom.get(m.room_id) ?? [];
    list.push(m);
    byRoom.set(m.room_id, list);
  });
  return byRoom;
}

/** Resolves once `check` returns true (polled every 50 ms), at most `ms`. */
export async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
