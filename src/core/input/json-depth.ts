/**
 * How deep a JSON document may nest. Validation, class-transformer and JSON.stringify
 * all recurse, and about 1,300 nested arrays (a 3 KB body) overflowed the stack in
 * them; nothing Parley accepts needs more than a few levels (meta included).
 */
export const MAX_JSON_DEPTH = 32;

export const TOO_DEEP_DETAIL = `JSON nested deeper than ${MAX_JSON_DEPTH} levels.`;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = new Set([0x5b, 0x7b]); // [ {
const CLOSE = new Set([0x5d, 0x7d]); // ] }

/**
 * Whether raw JSON text nests deeper than `max`, by one pass over its bytes and no
 * recursion, so it can run before JSON.parse. Brackets inside strings do not count;
 * UTF-8 continuation bytes are all >= 0x80 and cannot be mistaken for them.
 */
export function jsonTextTooDeep(text: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const byte = text[i];
    if (inString) {
      if (byte === BACKSLASH) i += 1;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) {
      inString = true;
    } else if (OPEN.has(byte)) {
      depth += 1;
      if (depth > max) return true;
    } else if (CLOSE.has(byte)) {
      depth -= 1;
    }
  }
  return false;
}
