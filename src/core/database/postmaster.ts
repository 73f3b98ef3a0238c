import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, readlinkSync, realpathSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

export interface PostmasterOptions {
  binary: string;
  clusterDir: string;
  port: number;
  flags: string[];
  /** As root: the `postgres` user's ids (PostgreSQL refuses to run as root). */
  ids?: { uid: number; gid: number };
  /** Its own process group, so a terminal's Ctrl-C reaches only the caller, which stops it in order. */
  detached: boolean;
}

/** PostgreSQL exited before it accepted connections; `reason` is its last FATAL/ERROR line. */
export class PostmasterStartError extends Error {
  constructor(clusterDir: string, reason: string | undefined) {
    super(`Embedded PostgreSQL in ${clusterDir} did not start${reason ? `: ${reason}` : ''}`);
    this.name = 'PostmasterStartError';
  }
}

/** Matched as text, as the package does (its initdb sets an English lc_messages). */
const READY = 'database system is ready to accept connections';
/** How long an orphan gets for its fast shutdown (a checkpoint of what it holds) before Parley gives up. */
const ORPHAN_STOP_MS = 60_000;

/** Starts `postgres -D <clusterDir>` and resolves once it accepts connections. */
export function spawnPostmaster(options: PostmasterOptions): Promise<ChildProcess> {
  const child = spawn(options.binary, ['-D', options.clusterDir, '-p', String(options.port), ...options.flags], {
    ...options.ids,
    detached: options.detached,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let problem: string | undefined;
  return new Promise((resolve, reject) => {
    const onLog = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      problem = /(?:FATAL|ERROR|PANIC): +(.+)/.exec(text)?.[1]?.trim() ?? problem;
      if (!text.includes(READY)) return;
      child.off('exit', onExit);
      resolve(child);
    };
    const onExit = () => reject(new PostmasterStartError(options.clusterDir, problem));
    child.stderr!.on('data', onLog);
    child.once('exit', onExit);
    child.once('error', (error) => reject(new PostmasterStartError(options.clusterDir, error.message)));
  });
}

/** A fast shutdown (SIGINT: sessions end, a checkpoint, exit) awaited to the end. */
export async function stopPostmaster(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGINT');
  await exited;
}

/**
 * A PostgreSQL left running from `clusterDir` by a Parley that was killed
 * (kill -9, an OOM kill) holds the folder, and a new one would refuse to
 * start on it. The caller holds DATA_DIR's lock, so no live Parley owns that
 * server: it is stopped here, after checking that the pid in postmaster.pid
 * really is a postgres of this folder. A pidfile naming a process that is not
 * (a reused pid) is removed, as PostgreSQL would otherwise refuse to start.
 */
export async function stopOrphanPostmaster(clusterDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = join(clusterDir, 'postmaster.pid');
  const pid = readPostmasterPid(pidFile);
  if (pid === undefined || !isAlive(pid)) return; // PostgreSQL itself replaces a pidfile whose process is gone
  const owner = postmasterOf(pid);
  if (owner === undefined) return; // cannot tell: leave it to PostgreSQL's own check
  if (realpathOrSelf(owner) !== realpathOrSelf(clusterDir)) {
    log(`Removed ${pidFile}: its pid ${pid} is not a PostgreSQL of this folder (a reused pid)`);
    rmSync(pidFile, { force: true });
    return;
  }
  log(`Stopping the embedded PostgreSQL (pid ${pid}) a previous Parley left running on ${clusterDir}`);
  process.kill(pid, 'SIGINT');
  for (const until = Date.now() + ORPHAN_STOP_MS; isAlive(pid);) {
    if (Date.now() > until)
      throw new Error(
        `The embedded PostgreSQL (pid ${pid}) left running on ${clusterDir} did not stop within ${ORPHAN_STOP_MS / 1000} s; stop it and start again`,
      );
    await delay(100);
  }
  log(`Stopped the embedded PostgreSQL (pid ${pid}) left running on ${clusterDir}`);
}

/** Line 1 of postmaster.pid (PostgreSQL's pidfile layout: pid, data folder, start time, port, ...). */
function readPostmasterPid(file: string): number | undefined {
  try {
    const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The data folder a postgres process serves ('' when the process is not a
 * postgres), or undefined when this cannot be read. Linux: a postmaster's
 * working directory is its data folder. Elsewhere: its `-D` argument.
 */
function postmasterOf(pid: number): string | undefined {
  try {
    if (process.platform === 'linux') {
      const name = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
      return name === 'postgres' ? readlinkSync(`/proc/${pid}/cwd`) : '';
    }
    const args = execFileSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).trim();
    return /(^|\/)postgres /.test(args) ? (/ -D (\S+)/.exec(args)?.[1] ?? '') : '';
  } catch {
    return undefined;
  }
}

function realpathOrSelf(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
