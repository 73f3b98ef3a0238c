import { Injectable, PipeTransform } from '@nestjs/common';
import { FieldValidationError } from '../../core/errors/domain-error';

export const EMOJI_MAX_LENGTH = 64;
const SHORT_NAME = /^:[a-z0-9_+-]{1,48}:$/;
// One RGI emoji (with skin tones, ZWJ sequences and flags); the `v` flag knows the set.
const ONE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

/** True for one Unicode emoji or a `:short_name:`, at most 64 characters. */
export function isEmoji(value: unknown): value is string {
  return typeof value === 'string' && value.length <= EMOJI_MAX_LENGTH && (SHORT_NAME.test(value) || ONE_EMOJI.test(value));
}

/** The `{emoji}` path segment: a 400 naming it before any query. */
@Injectable()
export class EmojiPipe implements PipeTransform<string, string> {
  /** What the OpenAPI document says this parameter accepts (src/core/swagger/route-metadata.ts). */
  static readonly openApiSchema = {
    type: 'string',
    minLength: 1,
    maxLength: EMOJI_MAX_LENGTH,
    description: 'One Unicode emoji, or a `:short_name:` of lower-case letters, digits and _ + -.',
  } as const;

  transform(value: string): string {
    if (!isEmoji(value)) throw FieldValidationError.of('emoji', 'Must be one emoji or a :short_name: (lower case, at most 48 characters).');
    return value;
  }
}
