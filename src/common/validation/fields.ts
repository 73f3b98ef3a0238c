import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsObject, IsOptional, ValidateBy } from 'class-validator';

/** Trims string input before validation. */
export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));

/** Trims and lower-cases string input before validation. */
export const LowerTrim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));

/** An optional JSON object no larger than `maxBytes` once serialised. */
export const JsonObjectField = (maxBytes: number) =>
  applyDecorators(
    IsOptional(),
    IsObject(),
    ValidateBy({
      name: 'maxJsonBytes',
      validator: {
        validate: (value: unknown) => Buffer.byteLength(JSON.stringify(value ?? {})) <= maxBytes,
        defaultMessage: () => `must be at most ${maxBytes} bytes as JSON`,
      },
    }),
  );
