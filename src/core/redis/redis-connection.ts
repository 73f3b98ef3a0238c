import type { RedisOptions } from 'ioredis';

export interface RedisSettings {
  REDIS_URL?: string;
  REDIS_SENTINELS?: string;
  REDIS_SENTINEL_NAME: string;
  REDIS_SENTINEL_PASSWORD?: string;
}

/** How Parley reaches Redis: a URL, or the sentinels of a named master; null: single-node mode. */
export type RedisTarget = { url: string } | { sentinel: RedisOptions };

/**
 * How long a sentinel may take to name the master. ioredis waits for it without a bound by
 * default, so one sentinel that does not answer during a failover held a node's reconnect
 * for good (the failover spec saw a node never come back); past this it asks the next one.
 */
export const SENTINEL_COMMAND_TIMEOUT_MS = 1000;

/**
 * Where the shared connection goes. With REDIS_SENTINELS, ioredis asks the sentinels
 * for the current master of REDIS_SENTINEL_NAME on every (re)connect, and
 * `failoverDetector` has it watch the sentinels' `+switch-master` too, so a
 * connection left on a demoted master is closed and made again to the new one
 * (the close is what StreamAdapterLink turns into `sync:required`). Every client
 * Parley makes is this one or a `duplicate` of it, which keeps these options.
 */
export function redisTarget(settings: RedisSettings): RedisTarget | null {
  if (!settings.REDIS_SENTINELS) return settings.REDIS_URL ? { url: settings.REDIS_URL } : null;
  const sentinels = settings.REDIS_SENTINELS.split(',').map((entry) => {
    const [host, port] = entry.trim().split(':');
    return { host, port: Number(port) };
  });
  const sentinel: RedisOptions = {
    sentinels,
    name: settings.REDIS_SENTINEL_NAME,
    role: 'master',
    failoverDetector: true,
    sentinelCommandTimeout: SENTINEL_COMMAND_TIMEOUT_MS,
    ...(settings.REDIS_SENTINEL_PASSWORD ? { sentinelPassword: settings.REDIS_SENTINEL_PASSWORD } : {}),
  };
  if (settings.REDIS_URL) {
    // Only what Sentinel does not say: credentials, database, TLS.
    const url = new URL(settings.REDIS_URL);
    if (url.username) sentinel.username = decodeURIComponent(url.username);
    if (url.password) sentinel.password = decodeURIComponent(url.password);
    const db = Number(url.pathname.slice(1));
    if (url.pathname.length > 1 && Number.isInteger(db)) sentinel.db = db;
    if (url.protocol === 'rediss:') sentinel.tls = {};
  }
  return { sentinel };
}
