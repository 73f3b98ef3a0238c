import { DomainError, FieldValidationError } from '../errors/domain-error';
import { MAX_JSON_DEPTH, TOO_DEEP_DETAIL } from './json-depth';

export const NUL_MESSAGE = 'Null characters are not allowed.';

/** Lone surrogates: UTF-8 cannot encode them (pg would store U+FFFD instead). */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

type WellFormed = string & { isWellFormed(): boolean }; // ES2024 (Node >= 20), not in this lib target

/**
 * Why PostgreSQL text cannot hold `text` (DRF's wording), or null. This runs on every
 * string of every request and socket event: `includes` and the native `isWellFormed`
 * cost nanoseconds on the common string (the regex alone took microseconds on 4,000
 * Cyrillic characters), and only a string with a lone surrogate reaches the regex.
 */
export function unstorableTextProblem(text: string): string | null {
  if (text.includes('\u0000')) return NUL_MESSAGE;
  if ((text as WellFormed).isWellFormed()) return null;
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) return `Surrogate characters are not allowed: U+${surrogate[0].charCodeAt(0).toString(16).toUpperCase()}.`;
  return null;
}

export const tooDeep = () => new DomainError('parse_error', TOO_DEEP_DETAIL);

type Frame = { value: unknown; path: string; depth: number };

/**
 * The one check every input passes before validation, on every transport (HTTP
 * bodies, query strings and path parameters in AppValidationPipe; every socket
 * payload in the gateway's packet middleware): nesting within MAX_JSON_DEPTH
 * (parse_error), and no string or key PostgreSQL text cannot hold (a field error
 * naming the field with dots, as class-validator errors do). Iterative, so hostile
 * nesting cannot overflow the stack here either.
 */
export function assertStorableInput(value: unknown, field = 'non_field_errors'): void {
  const stack: Frame[] = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const problem = unstorableTextProblem(current);
      if (problem) throw FieldValidationError.of(path || field, problem);
      continue;
    }
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > MAX_JSON_DEPTH) throw tooDeep();
    const record = current as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const keyProblem = unstorableTextProblem(key);
      if (keyProblem) throw FieldValidationError.of(path || field, `Keys: ${keyProblem}`);
      stack.push({ value: record[key], path: path ? `${path}.${key}` : key, depth: depth + 1 });
    }
  }
}
