import { open } from 'node:fs/promises';
import { fileTypeFromFile } from 'file-type';

/** Raster images browsers render safely: the only types ever served inline, and the ones that get a thumbnail. */
export const INLINE_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif']);

const TEXT_SAMPLE_BYTES = 8192;
const MAX_NAME_BYTES = 255;

/**
 * The type of a stored file, from its bytes: `file-type`'s signature detection,
 * else `text/plain` for valid UTF-8 without NUL bytes (HTML and SVG included, so
 * they are only ever served as text attachments), else `application/octet-stream`.
 */
export async function sniffContentType(path: string): Promise<string> {
  const detected = await fileTypeFromFile(path);
  if (detected) return detected.mime;
  const handle = await open(path, 'r');
  try {
    const sample = Buffer.alloc(TEXT_SAMPLE_BYTES);
    const { bytesRead } = await handle.read(sample, 0, TEXT_SAMPLE_BYTES, 0);
    return looksLikeText(sample.subarray(0, bytesRead)) ? 'text/plain' : 'application/octet-stream';
  } finally {
    await handle.close();
  }
}

export function looksLikeText(sample: Buffer): boolean {
  if (sample.includes(0)) return false;
  try {
    // `stream: true` tolerates a character cut in half at the end of the sample.
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** `type/subtype` listed exactly, or `type/*`. */
export function isAllowedType(contentType: string, allowed: string[]): boolean {
  const [family] = contentType.split('/');
  return allowed.includes(contentType) || allowed.includes(`${family}/*`);
}

/**
 * A file name safe to store and to send back in Content-Disposition: the last
 * path segment only, no control or reserved characters, no leading dots, at
 * most 255 UTF-8 bytes with the extension kept; "file" when nothing is left.
 */
export function sanitizeFileName(raw: string | undefined): string {
  const base = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (cleaned === '') return 'file';
  return truncateBytes(cleaned, MAX_NAME_BYTES);
}

function truncateBytes(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  let stem = name.slice(0, name.length - extension.length);
  while (Buffer.byteLength(stem + extension) > maxBytes) stem = [...stem].slice(0, -1).join('');
  return stem + extension;
}
