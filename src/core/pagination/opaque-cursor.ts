import { isUUID } from 'class-validator';
import { FieldValidationError } from '../errors/domain-error';

/** A keyset position `(at, id)`; `at` is PostgreSQL's own timestamptz text, so microseconds survive the round trip. */
export interface TimeKey {
  at: string;
  id: string;
}

export function encodeTimeKey(key: TimeKey): string {
  return Buffer.from(JSON.stringify([key.at, key.id])).toString('base64url');
}

/** A 400 on `cursor` for anything `encodeTimeKey` did not make. */
export function decodeTimeKey(cursor: string): TimeKey {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at === 'string' && !Number.isNaN(Date.parse(at)) && typeof id === 'string' && isUUID(id)) return { at, id };
  } catch {
    // falls through to the 400
  }
  throw FieldValidationError.of('cursor', 'Invalid cursor.');
}

/** The request URL with `cursor` set to the key after the last row. */
export function nextLink(url: URL, key: TimeKey): string {
  const next = new URL(url.toString());
  next.searchParams.set('cursor', encodeTimeKey(key));
  return next.toString();
}
