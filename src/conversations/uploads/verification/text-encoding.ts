import { createReadStream } from 'node:fs';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const READ_BYTES = 64 * 1024;

/**
 * What a byte-order mark says the text is: UTF-16 in either byte order, or
 * `unsupported` for UTF-32 (checked first: its little-endian mark starts like
 * UTF-16's), which no browser decodes (the WHATWG Encoding Standard has no
 * UTF-32) and so is not accepted as text. Without a mark, UTF-8 is tried.
 */
export function encodingOfBom(head: Buffer): TextEncoding | 'unsupported' {
  if (head.subarray(0, 4).equals(Buffer.from([0xff, 0xfe, 0, 0])) || head.subarray(0, 4).equals(Buffer.from([0, 0, 0xfe, 0xff]))) {
    return 'unsupported';
  }
  if (head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
  if (head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  return 'utf-8';
}

/**
 * Whether the whole file is text in `encoding`: it decodes without an invalid
 * sequence (a character cut off at the very end included) and holds no NUL
 * character. Streams the file in 64 kB pieces.
 */
export async function isText(path: string, encoding: TextEncoding): Promise<boolean> {
  const decoder = new TextDecoder(encoding, { fatal: true });
  try {
    for await (const chunk of createReadStream(path, { highWaterMark: READ_BYTES })) {
      if (decoder.decode(chunk as Buffer, { stream: true }).includes('\0')) return false;
    }
    return !decoder.decode().includes('\0');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') return false;
    throw error;
  }
}
