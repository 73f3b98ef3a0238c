import { nameForType } from './download-name';

/** Raster images browsers render safely: the only types ever served inline, and the ones that get a thumbnail. */
export const INLINE_IMAGE_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif']);

const MAX_NAME_BYTES = 255;

/** `type/subtype` listed exactly, or `type/*`; parameters (`; charset=utf-16le`) do not count. */
export function isAllowedType(contentType: string, allowed: string[]): boolean {
  const essence = contentType.split(';')[0].trim();
  const [family] = essence.split('/');
  return allowed.includes(essence) || allowed.includes(`${family}/*`);
}

/**
 * A file name safe to store and to send back in Content-Disposition: the last
 * path segment only, no control or reserved characters, no leading dots, at
 * most 255 UTF-8 bytes with the extension kept; "file" when nothing is left.
 * With `extension` (the verified type's), the name ends in it (download-name.ts).
 */
export function sanitizeFileName(raw: string | undefined, extension?: string): string {
  const base = (raw ?? '').normalize('NFC').split(/[/\\]/).pop() ?? '';
  const cleaned = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '_')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  const name = cleaned === '' ? 'file' : cleaned;
  return truncateBytes(extension ? nameForType(name, extension) : name, MAX_NAME_BYTES);
}

function truncateBytes(name: string, maxBytes: number): string {
  if (Buffer.byteLength(name) <= maxBytes) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 && name.length - dot <= 16 ? name.slice(dot) : '';
  let stem = name.slice(0, name.length - extension.length);
  while (Buffer.byteLength(stem + extension) > maxBytes) stem = [...stem].slice(0, -1).join('');
  return stem + extension;
}
