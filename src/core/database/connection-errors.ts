import type { Pool, PoolClient } from 'pg';

const guarded = new WeakSet<PoolClient>();

/**
 * pg-pool listens for errors on idle connections only. A connection the server
 * ends (PostgreSQL stopped or restarted: 57P01) while it is checked out but
 * between two queries (inside a transaction, or in the moment between checkout
 * and query that a busy event loop stretches) emits an `error` nobody handles,
 * which ends the process. Handled here, the connection is only marked broken:
 * its next query fails (answered `service_unavailable`) and the pool discards it
 * on release.
 */
export function handleConnectionErrors(pool: Pool, warn: (message: string) => void): void {
  pool.on('acquire', (client) => {
    if (guarded.has(client)) return;
    guarded.add(client);
    client.on('error', (error) => warn(`PostgreSQL connection lost: ${error.message}`));
  });
}
