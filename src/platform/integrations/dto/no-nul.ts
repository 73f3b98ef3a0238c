import { ValidateBy } from 'class-validator';

/** Whether a string, or any key or string inside a JSON value, holds U+0000 (bounded by the body limit). */
function hasNul(value: unknown): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (Array.isArray(value)) return value.some(hasNul);
  if (value && typeof value === 'object') return Object.entries(value).some(([k, v]) => k.includes('\u0000') || hasNul(v));
  return false;
}

/** PostgreSQL text and jsonb cannot hold U+0000: refused as input (400) rather than failing in the database. */
export const NoNul = () =>
  ValidateBy({
    name: 'noNul',
    validator: { validate: (value: unknown) => !hasNul(value), defaultMessage: () => 'must not contain NUL characters' },
  });
