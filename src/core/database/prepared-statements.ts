import { createHash } from 'node:crypto';
import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Pool, type PoolConfig, type QueryResultRow } from 'pg';
import { handleConnectionErrors } from './connection-errors';
import { measurePool } from './pool-measurements';
import { Measurements } from '../metrics/measurements';
import { DataSource } from 'typeorm';
import { isScoped, scopeConnections } from './scoped-connections';

/** Connections for generic-plan statements (the send path's batch append: at most two batches in flight). */
export const GENERIC_PLAN_CONNECTIONS = 2;

/**
 * Statements on the hot paths (the per-request login check, room access, history
 * pages, the room list, and the send path's single-statement batch append), run
 * straight on TypeORM's `pg` pool as named prepared statements: PostgreSQL parses
 * and plans each statement once per connection instead of on every call, and no
 * ORM query runner is made per call. Each statement names its columns (no `*`), so
 * a migration that adds a column cannot invalidate a statement prepared by a
 * running node. Each call is one statement in its own implicit transaction; work
 * that needs several stays in TypeORM transactions. Errors are pg's own (no
 * QueryFailedError wrapping).
 *
 * `genericPlan` statements run on a small pool of their own whose sessions set
 * `plan_cache_mode = force_generic_plan`: PostgreSQL plans them once per connection
 * and never again. Left to itself it keeps re-planning the batch append on every
 * call (its first calls carry one message, so a custom plan looks cheap), which
 * cost more than executing it: 0.9 -> 0.6 ms for one message, 2.5 -> 1.6 ms for 25
 * (PostgreSQL 17; README "Performance", npm run bench -- send).
 */
@Injectable()
export class PreparedStatements implements OnApplicationShutdown {
  private readonly names = new Map<string, string>();
  private genericPool?: Pool;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly measurements: Measurements,
  ) {
    measurePool(this.pool, 'main', measurements);
  }

  private get pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  /** Logged like TypeORM's own queries (same logger, slow-query threshold included). */
  async rows<T extends QueryResultRow>(text: string, values: unknown[], options: { genericPlan?: boolean; pool?: Pool } = {}): Promise<T[]> {
    const { logger } = this.dataSource;
    logger.logQuery(text, values);
    const started = Date.now();
    // `pool`: a read replica's (ReadReplicas), where the same names are prepared per connection too.
    const pool = options.pool ?? (options.genericPlan ? this.genericPlanPool() : this.pool);
    const result = await pool.query<T>({ name: this.nameOf(text), text, values });
    const slowAfter = this.dataSource.options.maxQueryExecutionTime;
    if (slowAfter && Date.now() - started > slowAfter) logger.logQuerySlow(Date.now() - started, text, values);
    return result.rows;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.genericPool?.end();
  }

  /** The same server and credentials as TypeORM's pool; sessions that always use a statement's generic plan. */
  private genericPlanPool(): Pool {
    if (!this.genericPool) {
      this.genericPool = new Pool(genericPlanPoolConfig((this.pool as unknown as { options: PoolConfig }).options));
      this.genericPool.on('error', (error) => this.dataSource.logger.log('warn', `Postgres pool raised an error. ${error}`));
      handleConnectionErrors(this.genericPool, (message) => this.dataSource.logger.log('warn', message), { primary: true });
      measurePool(this.genericPool, 'generic', this.measurements);
      if (isScoped(this.pool)) scopeConnections(this.genericPool);
    }
    return this.genericPool;
  }

  /** One statement name per distinct SQL text (pg refuses a name reused for other text). */
  private nameOf(text: string): string {
    let name = this.names.get(text);
    if (!name) {
      name = `parley_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
      this.names.set(text, name);
    }
    return name;
  }
}

/**
 * A pool config for generic-plan sessions, from the main pool's. pg lets a connection
 * string's own parameters win over the config, so an `options` given in the URL is
 * moved into the config's and kept.
 */
export function genericPlanPoolConfig(base: PoolConfig): PoolConfig {
  const config = { ...base };
  const options = [config.options];
  if (config.connectionString) {
    const url = new URL(config.connectionString);
    options.unshift(url.searchParams.get('options') ?? undefined);
    url.searchParams.delete('options');
    config.connectionString = url.toString();
  }
  return {
    ...config,
    max: GENERIC_PLAN_CONNECTIONS,
    min: GENERIC_PLAN_CONNECTIONS,
    options: [...options, '-c plan_cache_mode=force_generic_plan'].filter(Boolean).join(' '),
  };
}
