import { types } from 'pg';
import { parseTimestamptz, PG_TYPES } from './pg-types';

const postgresDate = types.getTypeParser(1184, 'text') as (value: string) => Date | number | null;

describe(parseTimestamptz.name, () => {
  it.each([
    ['2026-11-28 15:13:14.793123+00', '2026-11-28T15:13:14.793Z'],
    ['2026-11-28 15:13:14.7+00', '2026-11-28T15:13:14.700Z'],
    ['2026-11-28 15:13:14.79+00', '2026-11-28T15:13:14.790Z'],
    ['2026-11-28 15:13:14+00', '2026-11-28T15:13:14.000Z'],
    ['2026-11-28 15:13:14.291+00', '2026-11-28T15:13:14.291Z'],
    ['2026-01-01 00:30:00.5+05:30', '2025-12-31T19:00:00.500Z'],
    ['2026-03-01 23:59:59.999999-08', '2026-03-02T07:59:59.999Z'],
    ['1999-12-31 23:59:59-03:30', '2000-01-01T03:29:59.000Z'],
  ])('reads %s as %s', (text, iso) => {
    expect(parseTimestamptz(text).toISOString()).toBe(iso);
    expect((postgresDate(text) as Date).toISOString()).toBe(iso); // what pg's own parser says
  });

  it('agrees with pg’s own parser on a spread of instants and offsets', () => {
    const offsets = ['+00', '+01', '-05', '+05:30', '-09:30', '+14', '-12'];
    for (let i = 0; i < 500; i += 1) {
      const ms = Date.UTC(1970 + (i % 90), i % 12, 1 + (i % 28), i % 24, (i * 7) % 60, (i * 13) % 60, (i * 37) % 1000);
      const offset = offsets[i % offsets.length];
      const minutes = (offset[0] === '-' ? -1 : 1) * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6) || 0));
      const local = new Date(ms + minutes * 60_000).toISOString(); // the wall clock at that offset
      const text = `${local.slice(0, 10)} ${local.slice(11, 19)}.${local.slice(20, 23)}${i % 3 === 0 ? '456' : ''}${offset}`;
      expect(parseTimestamptz(text).getTime()).toBe(ms);
      expect(parseTimestamptz(text).getTime()).toBe((postgresDate(text) as Date).getTime());
    }
  });

  it('hands what it does not read by position to pg’s own parser', () => {
    for (const text of ['infinity', '-infinity', '0044-03-15 12:00:00+00 BC', '0099-01-01 00:00:00+00', '2026-11-28 15:13:14+00:00:30']) {
      expect(parseTimestamptz(text)).toEqual(postgresDate(text));
    }
  });

  it('is what Parley’s pools use for timestamptz, and only for it', () => {
    expect(PG_TYPES.getTypeParser(1184, 'text')).toBe(parseTimestamptz);
    expect(PG_TYPES.getTypeParser(1114, 'text')).toBe(types.getTypeParser(1114, 'text'));
    expect(PG_TYPES.getTypeParser(3802, 'text')).toBe(types.getTypeParser(3802, 'text'));
  });
});
