import contentDisposition from 'content-disposition';
import type { Presentation } from './storage/file-storage';
import { INLINE_IMAGE_TYPES } from './upload-policy';

/**
 * Only raster images are shown inline; everything else (HTML, SVG and XML, which
 * are stored as text/plain, included) is a download. Text is UTF-8 unless its
 * stored type names the charset of its byte-order mark (content-sniffer.ts).
 */
export function presentationOf(name: string, contentType: string): Presentation {
  const inline = INLINE_IMAGE_TYPES.has(contentType);
  return {
    contentType: contentType === 'text/plain' ? 'text/plain; charset=utf-8' : contentType,
    disposition: contentDisposition(name, { type: inline ? 'inline' : 'attachment' }),
  };
}
