import sharp from 'sharp';
import { FieldValidationError } from '../../core/errors/domain-error';

export const THUMBNAIL_SIZE = 320;
export const THUMBNAIL_TYPE = 'image/webp';
/**
 * Images decoded at once. sharp works on libuv's thread pool (4 threads by default), which
 * file reads and writes share: two images at a time leave the other threads to fs.
 */
const MAX_CONCURRENT = 2;
let running = 0;
const waiting: (() => void)[] = [];

async function withSlot<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

/** Refuses decompression bombs: 50 megapixels is far beyond any camera photo a chat needs. */
const MAX_INPUT_PIXELS = 50_000_000;

export interface ImageFacts {
  width: number;
  height: number;
  thumbnail: Buffer;
}

/**
 * Width, height (as displayed, EXIF orientation applied) and a WebP thumbnail
 * of at most 320x320. sharp does the decoding and resizing on libuv's thread
 * pool, so other requests keep being served meanwhile (bench/thumbnail-event-loop.mjs
 * measures it; docs/attachments.md). An image that cannot be decoded is refused.
 */
export function describeImage(path: string): Promise<ImageFacts> {
  return withSlot(() => describe(path));
}

async function describe(path: string): Promise<ImageFacts> {
  try {
    const image = sharp(path, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
    const metadata = await image.metadata();
    const thumbnail = await image
      .clone()
      .autoOrient()
      .resize(THUMBNAIL_SIZE, THUMBNAIL_SIZE, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 75 })
      .toBuffer();
    const { width, height } = metadata.autoOrient ?? metadata;
    return { width, height, thumbnail };
  } catch {
    throw FieldValidationError.of('file', 'The image could not be read.');
  }
}
