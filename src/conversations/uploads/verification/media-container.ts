import { parseFile } from 'music-metadata';
import { isWholeFrameStream } from './frame-stream';

/**
 * Whether a file sniffed as audio or video is one. MP3 and AAC (ADTS) streams
 * have no container, so every frame is walked (frame-stream.ts). Everything
 * else is parsed with music-metadata, which reads the container's own structure
 * (RIFF chunks, MP4 atoms, EBML elements, Ogg pages, FLAC blocks ...) from the
 * file a piece at a time: it must recognise the container and find a duration
 * or a track in it. A type music-metadata cannot parse (MIDI, MPEG-PS, AVI,
 * FLV ...) is not accepted, since it cannot be checked.
 */
export async function isValidMedia(path: string, contentType: string): Promise<boolean> {
  if (contentType === 'audio/mpeg') return isWholeFrameStream(path, 'mpeg');
  if (contentType === 'audio/aac') return isWholeFrameStream(path, 'adts');
  try {
    const { format } = await parseFile(path, { duration: false, skipCovers: true });
    return Boolean(format.container) && ((format.duration ?? 0) > 0 || format.trackInfo.length > 0);
  } catch {
    return false;
  }
}
