import { ParleyClient, type StoredTokens } from '@parley/client';

const KEY = 'parley.tokens';

/**
 * One client per tab, its tokens in sessionStorage: they survive a reload, and
 * two tabs never renew the same refresh token (Parley would end the login).
 */
export function createClient(): ParleyClient {
  const saved = sessionStorage.getItem(KEY);
  const client = new ParleyClient({ baseUrl: '', tokens: saved ? (JSON.parse(saved) as StoredTokens) : undefined });
  client.on('tokens', (tokens) => (tokens ? sessionStorage.setItem(KEY, JSON.stringify(tokens)) : sessionStorage.removeItem(KEY)));
  return client;
}

export function hasSavedSession(): boolean {
  return sessionStorage.getItem(KEY) !== null;
}

let resumed: Promise<ParleyClient> | null = null;

/**
 * The saved session's client, made once per page load: a second client on the same
 * refresh token (React StrictMode runs effects twice in development) would renew it
 * a second time, and Parley ends a login whose spent refresh token comes back.
 */
export function resumeSession(): Promise<ParleyClient> {
  resumed ??= (async () => {
    const client = createClient();
    try {
      await client.connect();
      return client;
    } catch (error) {
      client.close();
      throw error;
    } finally {
      resumed = null;
    }
  })();
  return resumed;
}

/** A display name for a room: its name, or for a direct message the other person. */
export function roomTitle(room: { name: string | null; room_type: string }, me?: string): string {
  const name = room.name ?? 'Untitled room';
  if (room.room_type !== 'ONE_TO_ONE' || !me) return name;
  const others = name.split(', ').filter((n) => n !== `@${me}`);
  return others.length ? others.join(', ') : name;
}

export function timeOf(iso: string): string {
  return new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}
