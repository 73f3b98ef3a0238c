import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Another live Parley holds the data folder (its embedded PostgreSQL would refuse to start a second time). */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    startedAt: string | undefined,
  ) {
    super(
      `Another Parley (pid ${pid}${startedAt ? `, started ${startedAt}` : ''}) is using the data folder ${dataDir}. ` +
        'Stop it, or give this one its own DATA_DIR (or a DATABASE_URL).',
    );
    this.name = 'DataDirLockedError';
  }
}

export interface DataDirLock {
  file: string;
  release(): void;
}

interface LockContent {
  pid: number;
  started_at?: string;
}

const LOCK_FILE = 'parley.pid';

/**
 * Takes DATA_DIR/parley.pid for this process. A lock whose process is gone
 * (a crash, kill -9) or is no longer a Node process (its pid was reused) is
 * stale: it is replaced, and `onStale` says so.
 */
export function acquireDataDirLock(dataDir: string, onStale: (line: string) => void): DataDirLock {
  const dir = resolve(dataDir);
  const file = join(dir, LOCK_FILE);
  mkdirSync(dir, { recursive: true });
  const content: LockContent = { pid: process.pid, started_at: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      const fd = openSync(file, 'wx', 0o644); // exclusive: two processes cannot both create it
      writeSync(fd, `${JSON.stringify(content)}\n`);
      closeSync(fd);
      return { file, release: () => releaseIfMine(file) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = readLock(file);
    if (holder && holder.pid !== process.pid && isLiveNodeProcess(holder.pid)) {
      throw new DataDirLockedError(dir, holder.pid, holder.started_at);
    }
    onStale(`Removed a stale lock ${file}${holder ? ` left by pid ${holder.pid}, which is no longer running` : ''}`);
    rmSync(file, { force: true });
  }
  throw new Error(`Could not take the lock ${file}`);
}

/** Throws DataDirLockedError when a live Parley holds the folder (a check before booting; the lock itself is taken by the database server). */
export function assertDataDirFree(dataDir: string): void {
  const dir = resolve(dataDir);
  const holder = readLock(join(dir, LOCK_FILE));
  if (holder && holder.pid !== process.pid && isLiveNodeProcess(holder.pid)) throw new DataDirLockedError(dir, holder.pid, holder.started_at);
}

function readLock(file: string): LockContent | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' && Number.isInteger(parsed.pid) && parsed.pid > 0 ? (parsed as LockContent) : undefined;
  } catch {
    return undefined; // empty or torn: the writer died between create and write
  }
}

function releaseIfMine(file: string): void {
  if (readLock(file)?.pid === process.pid) rmSync(file, { force: true });
}

function isLiveNodeProcess(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false; // ESRCH: no such process
  }
  try {
    // Linux: a reused pid that now belongs to something else is not a Parley.
    return /node/i.test(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return true; // no /proc (macOS) or not readable: trust the pid
  }
}
