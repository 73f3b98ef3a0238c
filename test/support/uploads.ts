import { request as httpRequest } from 'node:http';
import sharp from 'sharp';
import { TestUser } from './factories';
import { API, Http } from './test-app';

/** Uploads one file through the API; the response as supertest gives it. */
export function uploadFile(http: Http, user: TestUser, body: Buffer, fileName: string) {
  return http.post(`${API}/uploads`).set(user.auth).attach('file', body, fileName);
}

export async function uploadOk(http: Http, user: TestUser, body: Buffer, fileName: string): Promise<{ id: string; [key: string]: unknown }> {
  const res = await uploadFile(http, user, body, fileName);
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export function png(width: number, height: number): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3366ff' } })
    .png()
    .toBuffer();
}

/** Binary bodies as Buffers, whatever their type. */
export function binary(res: { on(event: string, cb: (chunk?: Buffer) => void): void }, done: (error: Error | null, body: Buffer) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (chunk) => chunks.push(chunk!));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}

/**
 * Streams a multipart upload of `total` bytes in 64 kB chunks, one after the
 * other, and stops writing as soon as the server answers. Resolves with the
 * status and how much of the body was sent by then.
 */
export function streamUpload(
  baseUrl: string,
  token: string,
  total: number,
  declaredLength?: number,
): Promise<{ status: number; body: string; sent: number }> {
  const boundary = 'parley-test-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
  );
  const url = new URL(`${API}/uploads`, baseUrl);
  return new Promise((resolve, reject) => {
    let answered = false;
    let sent = 0;
    const req = httpRequest(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': `multipart/form-data; boundary=${boundary}`,
        ...(declaredLength ? { 'Content-Length': String(declaredLength) } : {}),
      },
    });
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        req.destroy(); // the rest of the body is never sent
        resolve({ status: res.statusCode ?? 0, body, sent });
      });
    });
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const writeMore = () => {
      if (answered || req.destroyed) return;
      if (sent >= total) return void req.end(`\r\n--${boundary}--\r\n`);
      sent += chunk.length;
      req.write(chunk, () => setImmediate(writeMore));
    };
    req.write(head, () => (declaredLength ? undefined : writeMore()));
  });
}

/** One MPEG-1 Layer III frame (128 kbit/s, 44.1 kHz: 417 bytes) of silence; `ff fb 90 64` is its header. */
export const MP3_FRAME_HEADER = Buffer.from([0xff, 0xfb, 0x90, 0x64]);

/** A valid MP3 of `frames` silent frames (1152 samples each), optionally behind an ID3v2 tag and before an ID3v1 one. */
export function mp3(frames: number, { id3 = false } = {}): Buffer {
  const frame = Buffer.concat([MP3_FRAME_HEADER, Buffer.alloc(417 - MP3_FRAME_HEADER.length)]);
  const parts = Array<Buffer>(frames).fill(frame);
  if (!id3) return Buffer.concat(parts);
  const title = Buffer.concat([Buffer.from('TIT2'), Buffer.from([0, 0, 0, 6, 0, 0, 0]), Buffer.from('hello')]);
  const id3v2 = Buffer.concat([Buffer.from('ID3'), Buffer.from([3, 0, 0, 0, 0, 0, title.length]), title]);
  const id3v1 = Buffer.concat([Buffer.from('TAG'), Buffer.alloc(125, 0x20)]);
  return Buffer.concat([id3v2, ...parts, id3v1]);
}

/** A mono 16-bit PCM WAV of `seconds` of silence at 8 kHz. */
export function wav(seconds: number): Buffer {
  const data = Buffer.alloc(seconds * 8000 * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** Bytes that look random but are the same on every run (xorshift32). */
export function noise(length: number, seed = 0x2545f491): Buffer {
  const bytes = Buffer.alloc(length);
  let x = seed;
  for (let i = 0; i < length; i += 1) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}

/** The starts of a Windows PE, a Linux ELF and a macOS Mach-O executable, padded to a few kilobytes. */
export const EXECUTABLES = {
  pe: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(58), Buffer.from([0x80, 0, 0, 0]), Buffer.alloc(64), Buffer.from('PE\0\0'), noise(4000)]),
  elf: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(8), Buffer.from([2, 0, 0x3e, 0]), noise(4000)]),
  machO: Buffer.concat([Buffer.from([0xcf, 0xfa, 0xed, 0xfe, 7, 0, 0, 1, 3, 0, 0, 0, 2, 0, 0, 0]), noise(4000)]),
};

/** Text with a byte-order mark in UTF-16 (little- or big-endian) or UTF-32LE. */
export function withBom(text: string, encoding: 'utf-16le' | 'utf-16be' | 'utf-32le'): Buffer {
  if (encoding === 'utf-16le') return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  if (encoding === 'utf-16be') return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  const units = [...text].map((c) => c.codePointAt(0)!);
  const body = Buffer.alloc(4 * (units.length + 1));
  [0xfeff, ...units].forEach((unit, i) => body.writeUInt32LE(unit, 4 * i));
  return body;
}
