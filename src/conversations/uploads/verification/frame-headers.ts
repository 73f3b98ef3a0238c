/** A frame of an elementary audio stream: its length, and what every frame of the same stream must share. */
export interface FrameHeader {
  length: number;
  stream: string;
}

// ISO/IEC 11172-3 and 13818-3: kbit/s by layer bits (3 = Layer I, 2 = Layer II, 1 = Layer III) and bitrate index.
const MPEG1_KBPS: Record<number, number[]> = {
  3: [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  2: [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
};
const MPEG2_KBPS: Record<number, number[]> = {
  3: [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  1: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
/** Hz by version bits (3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5) and sampling index. */
const SAMPLE_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

export const MPEG_HEADER_BYTES = 4;
export const ADTS_HEADER_BYTES = 7;

/** An MPEG audio (MP1, MP2, MP3) frame header, or null; free-format and reserved values are refused. */
export function mpegFrame(h: Buffer): FrameHeader | null {
  if (h[0] !== 0xff || (h[1] & 0xe0) !== 0xe0) return null;
  const [version, layer] = [(h[1] >> 3) & 3, (h[1] >> 1) & 3];
  const [bitrateIndex, rateIndex, padding] = [h[2] >> 4, (h[2] >> 2) & 3, (h[2] >> 1) & 1];
  if (version === 1 || layer === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const bitrate = (version === 3 ? MPEG1_KBPS : MPEG2_KBPS)[layer][bitrateIndex] * 1000;
  const sampleRate = SAMPLE_RATES[version][rateIndex];
  const length =
    layer === 3
      ? (Math.floor((12 * bitrate) / sampleRate) + padding) * 4
      : Math.floor(((layer === 1 && version !== 3 ? 72 : 144) * bitrate) / sampleRate) + padding;
  return { length, stream: `mpeg:${version}:${layer}:${rateIndex}` };
}

/** An ADTS (raw AAC) frame header, or null. */
export function adtsFrame(h: Buffer): FrameHeader | null {
  if (h[0] !== 0xff || (h[1] & 0xf6) !== 0xf0) return null;
  const rateIndex = (h[2] >> 2) & 0xf;
  const length = ((h[3] & 3) << 11) | (h[4] << 3) | (h[5] >> 5);
  const headerBytes = h[1] & 1 ? ADTS_HEADER_BYTES : ADTS_HEADER_BYTES + 2; // protection_absent = 0: a CRC follows
  if (rateIndex > 12 || length <= headerBytes) return null;
  return { length, stream: `adts:${h[1] & 8}:${rateIndex}` };
}
