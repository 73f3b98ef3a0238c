import { Transform } from 'class-transformer';
import { ValidatedQueries } from './validated-queries';

class Paging {
  @Transform(({ value }) => Number(value))
  limit?: number;
  label?: string;
}

class Nested {
  filter?: { from: string };
}

const validated = (fields: Record<string, unknown>) => Object.assign(new Paging(), fields);

describe(ValidatedQueries.name, () => {
  it('hands out a fresh instance of what an input validated to, for the same input only', () => {
    const queries = new ValidatedQueries();
    const key = ValidatedQueries.keyOf({ limit: '50' });
    expect(queries.get(Paging, key)).toBeUndefined();
    queries.remember(Paging, key, validated({ limit: 50, label: undefined }));
    const first = queries.get<Paging>(Paging, key)!;
    expect(first).toBeInstanceOf(Paging);
    expect(first).toEqual(validated({ limit: 50, label: undefined }));
    first.limit = 7;
    expect(queries.get<Paging>(Paging, key)!.limit).toBe(50);
    expect(queries.get(Paging, ValidatedQueries.keyOf({ limit: '51' }))).toBeUndefined();
    expect(queries.get(Nested, key)).toBeUndefined();
  });

  it('keeps only results of plain values, of the class asked for', () => {
    const queries = new ValidatedQueries();
    const key = ValidatedQueries.keyOf({ filter: 'x' });
    queries.remember(Nested, key, Object.assign(new Nested(), { filter: { from: 'x' } }));
    expect(queries.get(Nested, key)).toBeUndefined();
    queries.remember(Paging, key, { limit: 1 });
    expect(queries.get(Paging, key)).toBeUndefined();
  });

  it('knows only parsed queries by a key', () => {
    expect(ValidatedQueries.keyOf('50')).toBeUndefined();
    expect(ValidatedQueries.keyOf(null)).toBeUndefined();
    expect(ValidatedQueries.keyOf({})).toBe('{}');
  });

  it('keeps at most its capacity per class, dropping the oldest first', () => {
    const queries = new ValidatedQueries(2);
    const keys = ['1', '2', '3'].map((limit) => ValidatedQueries.keyOf({ limit }));
    keys.forEach((key, i) => queries.remember(Paging, key, validated({ limit: i + 1 })));
    expect(queries.get(Paging, keys[0])).toBeUndefined();
    expect(queries.get<Paging>(Paging, keys[2])!.limit).toBe(3);
  });
});
