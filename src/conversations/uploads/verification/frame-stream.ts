import { open } from 'node:fs/promises';
import { ADTS_HEADER_BYTES, adtsFrame, FrameHeader, MPEG_HEADER_BYTES, mpegFrame } from './frame-headers';
import { WindowedFile } from './windowed-file';

const ID3V1_BYTES = 128;
const APE_FOOTER_BYTES = 32;

const FORMATS = {
  mpeg: { headerBytes: MPEG_HEADER_BYTES, frame: mpegFrame },
  adts: { headerBytes: ADTS_HEADER_BYTES, frame: adtsFrame },
};

/**
 * Whether the whole file is one elementary audio stream: MPEG audio (MP3) or
 * ADTS (AAC) frames back to back from the first byte after the ID3v2 tags to the
 * last before an APEv2 or ID3v1 tag, every frame of the same version, layer and
 * sampling rate. Only the last frame may be cut short (an interrupted download).
 * These streams have no container to check, so this is what makes an MP3 an MP3:
 * the four bytes `ff fb 90 64` followed by anything else are not one.
 */
export async function isWholeFrameStream(path: string, format: keyof typeof FORMATS): Promise<boolean> {
  const { headerBytes, frame } = FORMATS[format];
  const handle = await open(path, 'r');
  try {
    const file = new WindowedFile(handle, (await handle.stat()).size);
    const end = await audioEnd(file);
    let position = await afterId3v2(file);
    let first: FrameHeader | null = null;
    while (position < end) {
      if (end - position < headerBytes) return first !== null;
      const header = frame((await file.bytes(position, headerBytes))!);
      if (!header || (first && header.stream !== first.stream)) return false;
      first ??= header;
      position += header.length;
    }
    return first !== null;
  } finally {
    await handle.close();
  }
}

/** Where the audio starts: after any ID3v2 tags (ID3v2.4 §3.1: a 10-byte header, a syncsafe size, an optional footer). */
async function afterId3v2(file: WindowedFile): Promise<number> {
  let position = 0;
  for (let header = await file.bytes(0, 10); header?.toString('latin1', 0, 3) === 'ID3'; header = await file.bytes(position, 10)) {
    const size = (header[6] << 21) | (header[7] << 14) | (header[8] << 7) | header[9];
    position += 10 + size + (header[5] & 0x10 ? 10 : 0);
  }
  return position;
}

/** Where the audio ends: before a trailing ID3v1 tag and an APEv2 tag in front of it. */
async function audioEnd(file: WindowedFile): Promise<number> {
  let end = file.size;
  if ((await file.bytes(end - ID3V1_BYTES, 3))?.toString('latin1') === 'TAG') end -= ID3V1_BYTES;
  const ape = await file.bytes(end - APE_FOOTER_BYTES, APE_FOOTER_BYTES);
  if (ape?.toString('latin1', 0, 8) === 'APETAGEX') {
    const hasHeader = (ape.readUInt32LE(20) & 0x80000000) !== 0;
    end -= ape.readUInt32LE(12) + (hasHeader ? APE_FOOTER_BYTES : 0);
  }
  return end;
}
