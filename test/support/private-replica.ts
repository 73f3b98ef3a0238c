import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './private-servers';

/** Debian's PostgreSQL binaries (initdb, pg_ctl, pg_basebackup), where this machine has them. */
export const postgresBinDir = (() => {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
})();

export interface PrivateReplicaPair {
  primaryUrl: string;
  replicaUrl: string;
  /** pg_wal_replay_pause / resume on the replica: it stays up and answers, ever further behind. */
  pauseReplay(): Promise<void>;
  resumeReplay(): Promise<void>;
  stopReplica(): Promise<void>;
  startReplica(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A private primary and its streaming replica (pg_basebackup -R), each a server of
 * this machine's PostgreSQL in a temporary folder on a spare port; the superuser is
 * `parley`, trust auth on 127.0.0.1. As root the servers run as the `postgres` user
 * (PostgreSQL refuses root), as embedded-postgres.ts does.
 */
export async function privateReplicaPair(): Promise<PrivateReplicaPair> {
  if (!postgresBinDir) throw new Error('no pg_config on PATH');
  const dir = mkdtempSync(join(tmpdir(), 'parley-replica-'));
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
      }
    : {};
  if (asRoot) chownSync(dir, ids.uid!, ids.gid!);
  const run = (tool: string, args: string[]) =>
    promisify(execFile)(join(postgresBinDir!, tool), args, { ...ids, cwd: dir, env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' } });
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const primaryDir = join(dir, 'primary');
  const replicaDir = join(dir, 'replica');
  const serverOptions = (port: number) => `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`;
  const start = (data: string, port: number) =>
    run('pg_ctl', ['start', '-w', '-t', '60', '-D', data, '-l', `${data}.log`, '-o', serverOptions(port)]);
  const stop = (data: string) => run('pg_ctl', ['stop', '-w', '-m', 'fast', '-D', data]).catch(() => undefined);
  await run('initdb', ['-D', primaryDir, '-U', 'parley', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  await start(primaryDir, primaryPort);
  await run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'parley', '-D', replicaDir, '-R', '-X', 'stream', '--no-sync']);
  await start(replicaDir, replicaPort);
  const primaryUrl = `postgres://parley@127.0.0.1:${primaryPort}/postgres`;
  const replicaUrl = `postgres://parley@127.0.0.1:${replicaPort}/postgres`;
  const onReplica = (sql: string) => run('psql', ['-h', '127.0.0.1', '-p', String(replicaPort), '-U', 'parley', '-d', 'postgres', '-Atc', sql]);
  return {
    primaryUrl,
    replicaUrl,
    pauseReplay: async () => void (await onReplica('SELECT pg_wal_replay_pause()')),
    resumeReplay: async () => void (await onReplica('SELECT pg_wal_replay_resume()')),
    stopReplica: async () => void (await stop(replicaDir)),
    startReplica: async () => void (await start(replicaDir, replicaPort)),
    async close() {
      await stop(replicaDir);
      await stop(primaryDir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
