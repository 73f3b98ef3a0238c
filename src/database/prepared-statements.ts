import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Pool, QueryResultRow } from 'pg';
import { DataSource } from 'typeorm';

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
 */
@Injectable()
export class PreparedStatements {
  private readonly names = new Map<string, string>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get pool(): Pool {
    return (this.dataSource.driver as unknown as { master: Pool }).master;
  }

  /** Logged like TypeORM's own queries (same logger, slow-query threshold included). */
  async rows<T extends QueryResultRow>(text: string, values: unknown[]): Promise<T[]> {
    const { logger, options } = this.dataSource;
    logger.logQuery(text, values);
    const started = Date.now();
    const result = await this.pool.query<T>({ name: this.nameOf(text), text, values });
    const slowAfter = options.maxQueryExecutionTime;
    if (slowAfter && Date.now() - started > slowAfter) logger.logQuerySlow(Date.now() - started, text, values);
    return result.rows;
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
