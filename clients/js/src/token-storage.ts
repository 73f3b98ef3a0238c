import type { StoredTokens } from './tokens.js';

/**
 * Where clients keep one login's tokens when several share it (the tabs of one
 * browser). Every client on the storage sees the others' renewals and sign-outs,
 * and renews inside `exclusive`, so one refresh token is never spent twice:
 * Parley ends the whole login when a spent refresh token comes back.
 */
export interface TokenStorage {
  load(): StoredTokens | null;
  save(tokens: StoredTokens | null): void;
  /** Runs `work` while no other client on this storage runs its own. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  /** Tokens written by another client (null: it signed out). Returns the unsubscribe. */
  subscribe(listener: (tokens: StoredTokens | null) => void): () => void;
}

/** The parts of the browser this needs (the SDK builds without the DOM typings too). */
interface LockManager {
  request<T>(name: string, callback: () => Promise<T>): Promise<T>;
}
interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}
interface StorageChange {
  key: string | null;
  storageArea: unknown;
}
interface BrowserGlobals {
  localStorage: KeyValueStorage;
  navigator?: { locks?: LockManager };
  addEventListener(type: 'storage', listener: (event: StorageChange) => void): void;
  removeEventListener(type: 'storage', listener: (event: StorageChange) => void): void;
}
const browser = globalThis as unknown as BrowserGlobals;

/**
 * A browser's `localStorage` shared by its tabs: `storage` events carry one tab's
 * renewal or sign-out to the others, and the Web Locks API (`navigator.locks`)
 * lets one tab at a time renew. Where Web Locks are missing (a page served over
 * plain http from another host), renewals are only re-checked against storage first.
 */
export function browserTokenStorage(key = 'parley.tokens', storage: KeyValueStorage = browser.localStorage): TokenStorage {
  const parse = (raw: string | null): StoredTokens | null => {
    if (!raw) return null;
    try {
      return JSON.parse(raw) as StoredTokens;
    } catch {
      return null;
    }
  };
  const locks = browser.navigator?.locks;
  return {
    load: () => parse(storage.getItem(key)),
    save: (tokens) => (tokens ? storage.setItem(key, JSON.stringify(tokens)) : storage.removeItem(key)),
    exclusive: (work) => (locks ? locks.request(`${key}.renewal`, work) : work()),
    subscribe(listener) {
      const changed = (event: StorageChange) => {
        if (event.storageArea === storage && (event.key === key || event.key === null)) listener(parse(storage.getItem(key)));
      };
      browser.addEventListener('storage', changed);
      return () => browser.removeEventListener('storage', changed);
    },
  };
}
