import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, IsObject, Max, Min, ValidateBy, ValidateIf } from 'class-validator';

/** Trims string input before validation. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Trims and lower-cases string input before validation. */
export const LowerTrim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

/**
 * The one rule for optional input: a field may be left out, and `null` is refused
 * ("This field may not be null.") unless the field gives null a meaning with `{ nullable: true }`
 * (as DRF's `allow_null`). class-validator's `IsOptional` lets null through to NOT NULL
 * columns, so the lint config forbids it in favour of this.
 */
export const Optional = (options: { nullable?: boolean } = {}) =>
  ValidateIf((_object: object, value: unknown) => value !== undefined && !(options.nullable === true && value === null));

/**
 * Message sequence numbers (`seq`, cursors): PostgreSQL keeps them as bigint and JSON numbers
 * are exact only up to 2^53 - 1, so anything larger is refused here instead of reaching SQL.
 */
export const MAX_SEQ = Number.MAX_SAFE_INTEGER;

/** The seq rule for payloads validated by hand (the socket `sync` map). */
export const isSeq = (value: unknown, min = 0): value is number => Number.isSafeInteger(value) && (value as number) >= min;

/** A whole seq from `min` to MAX_SEQ. */
export const SeqField = (min: number) => applyDecorators(IsInt(), Min(min), Max(MAX_SEQ));

/** An optional (not null) JSON object no larger than `maxBytes` once serialised. */
export const JsonObjectField = (maxBytes: number) =>
  applyDecorators(
    Optional(),
    IsObject(),
    ValidateBy({
      name: 'maxJsonBytes',
      validator: {
        validate: (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? {})) <= maxBytes,
        defaultMessage: () => `must be at most ${maxBytes} bytes as JSON`,
      },
    }),
  );
