import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { ValidateBy } from 'class-validator';

/**
 * Characters as PostgreSQL's varchar(n) counts them: code points, every one. class-validator's
 * Length (validator.js) skips a variation selector after a character, so 150 "n\uFE0F" pairs
 * passed MaxLength(150) and then overflowed a varchar(150) column (a 500).
 */
export function codePointLength(text: string): number {
  let surrogatePairs = 0;
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        surrogatePairs += 1;
        i += 1;
      }
    }
  }
  return text.length - surrogatePairs;
}

/**
 * `Length(min, max)` in code points, with class-validator's messages. Non-strings are left to IsString.
 * The bounds are documented in OpenAPI too: the Swagger plugin reads only class-validator's own decorators.
 */
export const TextLength = (min: number, max?: number) =>
  applyDecorators(
    ApiProperty({ ...(min > 0 ? { minLength: min } : {}), ...(max !== undefined ? { maxLength: max } : {}) }),
    textLengthValidator(min, max),
  );

const textLengthValidator = (min: number, max?: number) =>
  ValidateBy({
    name: 'textLength',
    constraints: [min, max],
    validator: {
      validate: (value: unknown) => {
        if (typeof value !== 'string') return true;
        const length = codePointLength(value);
        return length >= min && (max === undefined || length <= max);
      },
      defaultMessage: (args) =>
        typeof args?.value === 'string' && codePointLength(args.value) < min
          ? `$property must be longer than or equal to ${min} characters`
          : `$property must be shorter than or equal to ${max} characters`,
    },
  });

/** `MaxLength(max)` in code points. */
export const MaxTextLength = (max: number) => TextLength(0, max);
