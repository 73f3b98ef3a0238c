import { createReadStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile, copyFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FileStorage, StoredFile } from './file-storage';

/** Files under `<DATA_DIR>/uploads`, fanned out by the key's last two characters. */
export class LocalDiskStorage implements FileStorage {
  constructor(private readonly root: string) {}

  private pathOf(key: string): string {
    return join(this.root, key.slice(-2), key);
  }

  async putFile(key: string, tempPath: string): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    try {
      await rename(tempPath, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      await copyFile(tempPath, target); // temporary folder on another filesystem
      await rm(tempPath, { force: true });
    }
  }

  async putBuffer(key: string, body: Buffer): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, body);
  }

  async open(key: string, _presentation?: unknown, range?: { start: number; end: number }): Promise<StoredFile> {
    const path = this.pathOf(key);
    const { size } = await stat(path);
    return { kind: 'stream', stream: createReadStream(path, range), size };
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keys.map((key) => rm(this.pathOf(key), { force: true })));
  }
}
