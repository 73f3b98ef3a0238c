import sharp from 'sharp';
import { FieldValidationError } from '../common/errors/domain-error';

export const THUMBNAIL_SIZE = 320;
export const THUMBNAIL_TYPE = 'image/webp';
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
 * pool, so other requests keep being served meanwhile (docs/attachments.md has
 * the measurement). An image that cannot be decoded is refused.
 */
export async function describeImage(path: string): Promise<ImageFacts> {
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
