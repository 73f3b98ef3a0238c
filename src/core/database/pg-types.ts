import { types } from 'pg';

const TIMESTAMPTZ = 1184;
const defaultTimestamptz = types.getTypeParser(TIMESTAMPTZ, 'text') as (value: string) => Date;

/** The digits of `text` from `at`, `length` of them, as a number; NaN if any is not a digit. */
function digits(text: string, at: number, length: number): number {
  let value = 0;
  for (let i = at; i < at + length; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return Number.NaN;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * PostgreSQL's text form of a timestamptz, `2026-11-28 15:13:14.793123+00` (or `+05:30`), read
 * by position: pg's default parser (postgres-date) runs three regular expressions per value,
 * and a history page has two timestamps a message. Anything else (BC, infinity, years before
 * 1000, offsets with seconds) goes to the default parser. Milliseconds are truncated, as there.
 */
export function parseTimestamptz(text: string): Date {
  if (text.length < 22 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 32) return defaultTimestamptz(text);
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  let at = 19;
  let ms = 0;
  if (text.charCodeAt(at) === 46) {
    let fraction = 0;
    let count = 0;
    for (at += 1; at < text.length; at += 1) {
      const digit = text.charCodeAt(at) - 48;
      if (digit < 0 || digit > 9) break;
      if (count < 3) fraction = fraction * 10 + digit;
      count += 1;
    }
    ms = count === 1 ? fraction * 100 : count === 2 ? fraction * 10 : fraction;
  }
  const sign = text.charCodeAt(at);
  if (sign !== 43 && sign !== 45) return defaultTimestamptz(text);
  let offsetMinutes = digits(text, at + 1, 2) * 60;
  at += 3;
  if (at < text.length) {
    if (text.charCodeAt(at) !== 58 || at + 3 !== text.length) return defaultTimestamptz(text);
    offsetMinutes += digits(text, at + 1, 2);
    at += 3;
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (at !== text.length || year < 1000 || Number.isNaN(utc + offsetMinutes)) return defaultTimestamptz(text);
  return new Date(sign === 43 ? utc - offsetMinutes * 60_000 : utc + offsetMinutes * 60_000);
}

/** Type parsers for Parley's pools: pg's own, with the faster timestamptz reader. */
export const PG_TYPES = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === TIMESTAMPTZ && format !== 'binary' ? parseTimestamptz : types.getTypeParser(oid, format)) as typeof types.getTypeParser,
};
