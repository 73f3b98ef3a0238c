import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsObject, ValidateBy, ValidateIf } from 'class-validator';

/** Trims string input before validation. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Trims and lower-cases string input before validation. */
export const LowerTrim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

/**
 * May be left out, but not sent as null: for fields whose column is NOT NULL (IsOptional
 * lets null through, and the insert then failed with a 500). Null answers "This field may not be null."
 */
export const OptionalNotNull = () => ValidateIf((_object: object, value: unknown) => value !== undefined);

/** An optional (not null) JSON object no larger than `maxBytes` once serialised. */
export const JsonObjectField = (maxBytes: number) =>
  applyDecorators(
    OptionalNotNull(),
    IsObject(),
    ValidateBy({
      name: 'maxJsonBytes',
      validator: {
        validate: (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? {})) <= maxBytes,
        defaultMessage: () => `must be at most ${maxBytes} bytes as JSON`,
      },
    }),
  );
