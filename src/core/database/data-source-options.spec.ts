import { DEFAULT_POOL_SIZE, dataSourceOptions } from './data-source-options';

describe(dataSourceOptions.name, () => {
  const extraOf = (size?: number) => (dataSourceOptions('postgres://db/parley', size) as { extra: Record<string, unknown> }).extra;

  it('keeps a fixed-size pool: no connection is closed for idling', () => {
    // pg-pool closes an idle connection only while the pool holds more than `min`.
    expect(extraOf(7)).toMatchObject({ max: 7, min: 7, keepAlive: true });
    expect(extraOf()).toMatchObject({ max: DEFAULT_POOL_SIZE, min: DEFAULT_POOL_SIZE });
  });

  it('never synchronizes the schema', () => {
    expect(dataSourceOptions('postgres://db/parley').synchronize).toBe(false);
  });
});
