import { Pool } from 'pg';
import { handleConnectionErrors } from '../../src/core/database/connection-errors';
import { createTestDatabase } from '../support/test-database';

/**
 * After a PostgreSQL failover, a connection opened before it can lead to a server that is
 * no longer the primary: its writes are refused read-only (SQLSTATE 25006). The primary
 * pools then drop their connections (docs/faults.md, "PostgreSQL failover (Patroni)"), so
 * the next ones are opened to the new primary. A session made read-only stands in for the
 * demoted server here.
 */
describe('a read-only answer on a primary pool drops its connections', () => {
  let database: { url: string; drop(): Promise<void> };
  let pool: Pool;
  const warnings: string[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.url, max: 3 });
    handleConnectionErrors(pool, (message) => warnings.push(message), { primary: true });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('removes the idle connections at once and the checked-out one at its release; new ones write', async () => {
    const demoted = await pool.connect();
    const idle = await pool.connect();
    idle.release();
    await demoted.query('SET SESSION default_transaction_read_only = on');
    expect(pool.totalCount).toBe(2);

    let idleAfter: number;
    try {
      await expect(demoted.query('CREATE TEMP TABLE t (i int)')).rejects.toMatchObject({ code: '25006' });
      idleAfter = pool.idleCount;
    } finally {
      demoted.release();
    }
    expect(idleAfter).toBe(0); // the idle one was gone already
    expect(pool.totalCount).toBe(0);
    expect(warnings.join('\n')).toMatch(/read-only \(25006\).*dropping its connections/);

    // pool.query (a callback underneath): a fresh connection, read-write.
    await expect(pool.query('CREATE TEMP TABLE t (i int)')).resolves.toBeDefined();
  });

  it('does the same for a write refused through pool.query on a connection opened since', async () => {
    const client = await pool.connect();
    await client.query('SET SESSION default_transaction_read_only = on');
    client.release();
    const before = pool.totalCount;
    expect(before).toBeGreaterThan(0);
    // The only idle connection is the read-only one (LIFO): pool.query takes it.
    const attempts = await Promise.allSettled([pool.query('CREATE TEMP TABLE u (i int)')]);
    const refused = attempts.filter((a) => a.status === 'rejected').map((a) => (a as PromiseRejectedResult).reason as { code?: string });
    expect(refused.map((e) => e.code)).toEqual(['25006']);
    expect(pool.totalCount).toBe(0);
  });
});
