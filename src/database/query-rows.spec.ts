import { queryRows } from './query-rows';

describe(queryRows.name, () => {
  it('unwraps the [rows, rowCount] answer of UPDATE/DELETE ... RETURNING', async () => {
    await expect(queryRows({ query: async () => [[{ id: 1 }], 1] }, 'UPDATE ...')).resolves.toEqual([{ id: 1 }]);
    await expect(queryRows({ query: async () => [[], 0] }, 'DELETE ...')).resolves.toEqual([]);
  });

  it('passes SELECT rows through, even exactly two of them', async () => {
    const rows = [{ id: 1 }, { id: 2 }];
    await expect(queryRows({ query: async () => rows }, 'SELECT ...')).resolves.toBe(rows);
  });
});
