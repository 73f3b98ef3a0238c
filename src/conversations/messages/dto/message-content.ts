import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { IsString, ValidateBy } from 'class-validator';
import { codePointLength } from '../../../core/validation/text-length';
import { Trim } from '../../../core/validation/fields';

/** At most this many characters (code points: combining marks and variation selectors count). */
export const MESSAGE_MAX_LENGTH = 4000;
/** And at most this many bytes of UTF-8: what storage and every delivery carry. */
export const MESSAGE_MAX_BYTES = 16_000;

export const BLANK_MESSAGE = 'This field may not be blank.';
const TOO_LONG = `Must be shorter than or equal to ${MESSAGE_MAX_LENGTH} characters.`;
const TOO_BIG = `Must be at most ${MESSAGE_MAX_BYTES} bytes as UTF-8.`;

/** Something a reader can see: not white space, not a default-ignorable (zero-width, joiners, selectors, bidi marks), not a control. */
const VISIBLE = /[^\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cc}]/u;

/**
 * Why trimmed `text` cannot be a message's content, or null. The one rule for the DTO
 * and the socket fast path (socket-payloads.ts). UTF-16 length bounds the code points
 * and the bytes (3 per unit at most) from above, so the common short message skips counting.
 */
export function messageContentProblem(text: string): string | null {
  if (!VISIBLE.test(text)) return BLANK_MESSAGE;
  if (text.length <= MESSAGE_MAX_LENGTH) return null;
  if (codePointLength(text) > MESSAGE_MAX_LENGTH) return TOO_LONG;
  if (Buffer.byteLength(text) > MESSAGE_MAX_BYTES) return TOO_BIG;
  return null;
}

/** Message content: trimmed, then `messageContentProblem`; `blankAllowed(dto)` lets an empty one through (a message of files). */
export const MessageContent = (options: { blankAllowed?: (dto: object) => boolean } = {}) =>
  applyDecorators(
    ApiProperty({ maxLength: MESSAGE_MAX_LENGTH }),
    Trim(),
    IsString(),
    ValidateBy({
      name: 'messageContent',
      validator: {
        validate: (value: unknown, args) =>
          typeof value !== 'string' || (value === '' && options.blankAllowed?.(args!.object) === true) || messageContentProblem(value) === null,
        defaultMessage: (args) => (typeof args?.value === 'string' ? (messageContentProblem(args.value) ?? '') : ''),
      },
    }),
  );
