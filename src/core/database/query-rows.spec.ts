import type { EntityManager } from 'typeorm';
import { queryRows } from './query-rows';

/** A stand-in for EntityManager.query that answers as TypeORM's PostgreSQL driver does. */
const answering = (result: unknown) => ({ query: (async () => result) as EntityManager['query'] });

describe(queryRows.name, () => {
  it('unwraps the [rows, rowCount] answer of UPDATE/DELETE ... RETURNING', async () => {
    await expect(queryRows(answering([[{ id: 1 }], 1]), 'UPDATE ...')).resolves.toEqual([{ id: 1 }]);
    await expect(queryRows(answering([[], 0]), 'DELETE ...')).resolves.toEqual([]);
  });

  it('passes SELECT rows through, even exactly two of them', async () => {
    const rows = [{ id: 1 }, { id: 2 }];
    await expect(queryRows(answering(rows), 'SELECT ...')).resolves.toBe(rows);
  });
});
