import type { Pool, PoolClient } from 'pg';

const guarded = new WeakSet<PoolClient>();
/** The pools whose server must be the primary: a read-only answer on one of them drops the connections of all. */
const primaryPools = new Set<WeakRef<Pool>>();

/** SQLSTATE 25006: a write refused by a read-only server, i.e. one that is no longer (or not yet) the primary. */
const READ_ONLY = '25006';

/** pg-pool's internals this reaches: `_expired` (removed at their next release) and `_idle`. */
interface PoolInternals {
  _clients: PoolClient[];
  _expired: WeakSet<PoolClient>;
  _idle: { client: PoolClient }[];
  _remove(client: PoolClient, callback?: () => void): void;
}

/**
 * pg-pool listens for errors on idle connections only. A connection the server
 * ends (PostgreSQL stopped or restarted: 57P01) while it is checked out but
 * between two queries (inside a transaction, or in the moment between checkout
 * and query that a busy event loop stretches) emits an `error` nobody handles,
 * which ends the process. Handled here, the connection is only marked broken:
 * its next query fails (answered `service_unavailable`) and the pool discards it
 * on release.
 *
 * With `primary`, the pool must reach the primary: the first write answered
 * read-only (25006: a failover put a standby, or the demoted old primary, behind
 * a connection opened before it) drops every connection of the primary pools
 * (idle ones at once, checked-out ones when released), so new ones are opened to
 * wherever the address now leads, and prepare their statements there.
 */
export function handleConnectionErrors(pool: Pool, warn: (message: string) => void, { primary = false } = {}): void {
  if (primary) primaryPools.add(new WeakRef(pool));
  pool.on('acquire', (client) => {
    if (guarded.has(client)) return;
    guarded.add(client);
    client.on('error', (error) => warn(`PostgreSQL connection lost: ${error.message}`));
    if (primary) watchReadOnly(client, pool as unknown as PoolInternals, warn);
  });
}

/** Drops the primary pools' connections: a failover was seen. */
function dropPrimaryConnections(warn: (message: string) => void): void {
  warn('service_unavailable: PostgreSQL answered read-only (25006): the server is no longer the primary; dropping its connections');
  for (const ref of primaryPools) {
    const pool = ref.deref();
    if (!pool) {
      primaryPools.delete(ref);
      continue;
    }
    const internals = pool as unknown as PoolInternals;
    for (const client of internals._clients) internals._expired.add(client);
    for (const { client } of [...internals._idle]) internals._remove(client);
  }
}

/**
 * Watches a connection's queries for 25006. One already dropped (opened before the last drop,
 * still checked out) says nothing new; a connection opened since then that is answered
 * read-only means the address still leads to a read-only server: dropped again.
 */
function watchReadOnly(client: PoolClient, pool: PoolInternals, warn: (message: string) => void): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const check = (error: unknown) => {
    if ((error as { code?: unknown } | null)?.code === READ_ONLY && !pool._expired.has(client)) dropPrimaryConnections(warn);
  };
  (client as unknown as { query: (...args: unknown[]) => unknown }).query = (...args: unknown[]) => {
    const last = args.length - 1;
    if (typeof args[last] === 'function') {
      const callback = args[last] as (error: unknown, result: unknown) => void;
      args[last] = (error: unknown, result: unknown) => {
        if (error) check(error);
        callback(error, result);
      };
      return query(...args);
    }
    const result = query(...args);
    if (result instanceof Promise) result.catch(check);
    return result;
  };
}
