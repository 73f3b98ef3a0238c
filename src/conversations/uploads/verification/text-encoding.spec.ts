import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodingOfBom, isText, TextEncoding } from './text-encoding';

describe('text encoding', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(join(tmpdir(), 'parley-text-'))));
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const textIn = async (bytes: Buffer, encoding: TextEncoding) => {
    const path = join(dir, 'f');
    await writeFile(path, bytes);
    return isText(path, encoding);
  };

  it('reads the byte-order mark: UTF-16 either way, UTF-32 unsupported, else UTF-8', () => {
    expect(encodingOfBom(Buffer.from([0xff, 0xfe, 0x3c, 0x00]))).toBe('utf-16le');
    expect(encodingOfBom(Buffer.from([0xfe, 0xff, 0x00, 0x3c]))).toBe('utf-16be');
    expect(encodingOfBom(Buffer.from([0xff, 0xfe, 0x00, 0x00]))).toBe('unsupported');
    expect(encodingOfBom(Buffer.from([0x00, 0x00, 0xfe, 0xff]))).toBe('unsupported');
    expect(encodingOfBom(Buffer.from([0xef, 0xbb, 0xbf, 0x41]))).toBe('utf-8');
    expect(encodingOfBom(Buffer.from([0xff, 0xfb, 0x90, 0x64]))).toBe('utf-8');
  });

  it('accepts a whole file of valid text without NUL, across read boundaries', async () => {
    await expect(textIn(Buffer.from('plain text, ünïcödé\n'.repeat(10_000)), 'utf-8')).resolves.toBe(true);
    await expect(textIn(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('héllo'.repeat(20_000), 'utf16le')]), 'utf-16le')).resolves.toBe(true);
  });

  it('refuses NUL, an invalid sequence anywhere, or a character cut off at the end', async () => {
    await expect(textIn(Buffer.from([0x61, 0x00, 0x62]), 'utf-8')).resolves.toBe(false);
    await expect(textIn(Buffer.concat([Buffer.alloc(100_000, 0x61), Buffer.from([0xff])]), 'utf-8')).resolves.toBe(false);
    await expect(textIn(Buffer.from('é').subarray(0, 1), 'utf-8')).resolves.toBe(false);
    await expect(textIn(Buffer.from([0xff, 0xfe, 0x00, 0xd8, 0x41, 0x00]), 'utf-16le')).resolves.toBe(false); // lone surrogate
  });
});
