import type { FileHandle } from 'node:fs/promises';

const WINDOW_BYTES = 64 * 1024;

/**
 * Random access to a file through one fixed 64 kB buffer: walking a stream of
 * small frames costs neither memory in proportion to the file nor a read per frame.
 */
export class WindowedFile {
  private readonly buffer = Buffer.allocUnsafe(WINDOW_BYTES);
  private start = 0;
  private filled = 0;

  constructor(
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  /** `length` (at most 64 kB) bytes at `position`, or null past the end of the file. */
  async bytes(position: number, length: number): Promise<Buffer | null> {
    if (position < 0 || position + length > this.size) return null;
    if (position < this.start || position + length > this.start + this.filled) {
      const { bytesRead } = await this.handle.read(this.buffer, 0, Math.min(WINDOW_BYTES, this.size - position), position);
      [this.start, this.filled] = [position, bytesRead];
      if (bytesRead < length) return null;
    }
    return this.buffer.subarray(position - this.start, position - this.start + length);
  }
}
