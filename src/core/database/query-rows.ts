import type { EntityManager } from 'typeorm';

/**
 * Rows of a raw statement. TypeORM's PostgreSQL driver answers UPDATE and
 * DELETE (with RETURNING) as `[rows, rowCount]` but SELECT and INSERT as
 * `rows`; this gives rows either way.
 */
export async function queryRows<T>(manager: Pick<EntityManager, 'query'>, sql: string, params: unknown[] = []): Promise<T[]> {
  const result: unknown = await manager.query(sql, params);
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return result as T[];
}
