import { parseLsn } from './read-replicas';

describe(parseLsn.name, () => {
  it('reads pg_lsn text as one comparable WAL position', () => {
    expect(parseLsn('0/0')).toBe(0n);
    expect(parseLsn('0/16B3748')).toBe(0x16b3748n);
    expect(parseLsn('1/0')).toBe(1n << 32n);
    expect(parseLsn('A/FFFFFFFF') < parseLsn('B/0')).toBe(true);
  });
});
