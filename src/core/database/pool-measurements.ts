import type { Pool, PoolClient } from 'pg';
import { Measurements, type PoolName } from '../metrics/measurements';

type Done = (error: Error | undefined, client: PoolClient | undefined, release: (error?: Error) => void) => void;
type Connect = (callback?: Done) => Promise<PoolClient> | void;

/**
 * A pool's connections (total, idle, waiting) read at scrape time, and the wait
 * for each connection measured: `pool.query` takes its connection through
 * `this.connect`, so timing `connect` times every query's wait, on the hot
 * statements' pool too. Nothing is timed while no recorder listens.
 */
export function measurePool(pool: Pool, name: PoolName, measurements: Measurements): void {
  measurements.sources.pools.set(name, () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }));
  const connect = (pool.connect as Connect).bind(pool);
  const timed: Connect = (callback) => {
    if (!measurements.enabled) return connect(callback);
    const started = Measurements.now();
    const waited = () => measurements.record.poolWait(name, Measurements.now() - started);
    if (callback) {
      return connect((error, client, release) => {
        waited();
        callback(error, client, release);
      });
    }
    return (connect() as Promise<PoolClient>).then((client) => {
      waited();
      return client;
    });
  };
  (pool as unknown as { connect: Connect }).connect = timed;
}
