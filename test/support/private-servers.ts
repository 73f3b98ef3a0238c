import { ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { exitOf } from './server-process';

/** Private servers a fault test may stop: never the machine's shared Redis or PostgreSQL. */
export const hasRedisServer = (() => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface PrivateRedis {
  url: string;
  start(): Promise<void>;
  /** SIGKILL, as a crash: nothing is saved (the server runs without persistence). */
  kill(): Promise<void>;
  running(): boolean;
}

export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  let child: ChildProcess | undefined;
  const running = () => !!child && child.exitCode === null && child.signalCode === null;
  return {
    url: `redis://127.0.0.1:${port}`,
    running,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      // Asynchronously: the test process also runs the load, whose latencies a blocking wait would inflate.
      for (let i = 0; i < 50; i += 1) {
        try {
          await promisify(execFile)('redis-cli', ['-p', String(port), 'ping']);
          return;
        } catch {
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      throw new Error('redis-server did not start');
    },
    async kill() {
      if (!running()) return;
      const exited = exitOf(child!);
      child!.kill('SIGKILL');
      await exited;
    },
  };
}

export interface PrivatePostgres {
  url: string;
  /** Starts it (again: same data, same port). */
  start(): Promise<void>;
  /** A fast shutdown: sessions are terminated (57P01), new connections refused until start(). */
  stop(): Promise<void>;
}

/** An embedded PostgreSQL in `dataDir`, run by test/support/private-postgres.cjs (one process for all restarts). */
export async function privatePostgres(dataDir: string): Promise<PrivatePostgres & { close(): Promise<void> }> {
  const child = spawn(process.execPath, [join(process.cwd(), 'test', 'support', 'private-postgres.cjs'), dataDir], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const replies: ((line: Record<string, unknown>) => void)[] = [];
  let buffered = '';
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  child.stdout!.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffered.slice(0, newline)) as Record<string, unknown>;
      buffered = buffered.slice(newline + 1);
      replies.shift()?.(line);
    }
  });
  const command = (name: 'start' | 'stop') =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      replies.push((line) => (line.error ? reject(new Error(`${String(line.error)}\n${errors}`)) : resolve(line)));
      child.stdin!.write(`${name}\n`);
    });
  const handle = {
    url: '',
    async start() {
      const { url } = (await command('start')) as { url: string };
      if (handle.url && handle.url !== url) throw new Error(`private PostgreSQL came back elsewhere: ${url}`);
      handle.url = url;
    },
    async stop() {
      await command('stop');
    },
    async close() {
      const exited = exitOf(child);
      child.stdin!.end();
      await exited;
    },
  };
  await handle.start();
  return handle;
}

export interface PrivateSentinelRedis {
  /** REDIS_SENTINELS for Parley: `127.0.0.1:port,127.0.0.1:port`. */
  sentinels: string;
  name: string;
  /** The port of the master the sentinels name now. */
  masterPort(): Promise<number>;
  /** `SENTINEL FAILOVER`, resolved once the sentinels name the other server and it answers as master. */
  failover(): Promise<{ from: number; to: number }>;
  /**
   * SIGKILLs the current master's redis-server (a crash: it is not restarted), resolved once the
   * sentinels, after down-after-milliseconds, have promoted the replica and it answers as master.
   */
  killMaster(): Promise<{ from: number; to: number }>;
  close(): Promise<void>;
}

const redisCli = async (port: number, ...args: string[]) => (await promisify(execFile)('redis-cli', ['-p', String(port), ...args])).stdout.trim();

async function answering(port: number): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    try {
      if ((await redisCli(port, 'ping')) === 'PONG') return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`redis on port ${port} did not start`);
}

/**
 * A master, a replica and two sentinels (quorum 1), each a private redis-server on
 * a spare port with its files in `dir` (sentinels rewrite their config file).
 * Nothing persists. `close` SIGKILLs all four.
 */
export async function privateSentinelRedis(dir: string): Promise<PrivateSentinelRedis> {
  const { writeFileSync } = await import('node:fs');
  const name = 'parleytest';
  const [master, replica, sentinelA, sentinelB] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = [];
  const servers = new Map<number, ChildProcess>();
  const server = (port: number, ...extra: string[]) => {
    const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...extra], {
      stdio: 'ignore',
    });
    children.push(child);
    servers.set(port, child);
  };
  server(master);
  server(replica, '--replicaof', '127.0.0.1', String(master));
  await Promise.all([answering(master), answering(replica)]);
  for (const port of [sentinelA, sentinelB]) {
    const file = join(dir, `sentinel-${port}.conf`);
    writeFileSync(
      file,
      [
        `port ${port}`,
        'bind 127.0.0.1',
        `dir ${dir}`,
        `sentinel monitor ${name} 127.0.0.1 ${master} 1`,
        `sentinel down-after-milliseconds ${name} 1000`,
        `sentinel failover-timeout ${name} 10000`,
        '',
      ].join('\n'),
    );
    children.push(spawn('redis-server', [file, '--sentinel'], { stdio: 'ignore' }));
  }
  await Promise.all([answering(sentinelA), answering(sentinelB)]);
  const masterPort = async () => Number((await redisCli(sentinelA, 'sentinel', 'get-master-addr-by-name', name)).split('\n')[1]);
  // The sentinels know the replica only after their first INFO round: a failover needs it.
  for (let i = 0; ; i += 1) {
    const replicas = await redisCli(sentinelA, 'sentinel', 'replicas', name);
    if (replicas.includes(String(replica)) && /master-link-status\s+ok/.test(replicas)) break;
    if (i >= 150) throw new Error(`sentinel did not see the replica: ${replicas}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  // Bounded (30 s): the sentinels name another server and it answers as master.
  const promoted = async (from: number) => {
    for (let i = 0; i < 300; i += 1) {
      const to = await masterPort();
      if (to !== from && /role:master/.test(await redisCli(to, 'info', 'replication'))) return to;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the sentinels did not switch the master');
  };
  return {
    sentinels: `127.0.0.1:${sentinelA},127.0.0.1:${sentinelB}`,
    name,
    masterPort,
    async failover() {
      const from = await masterPort();
      await redisCli(sentinelA, 'sentinel', 'failover', name);
      return { from, to: await promoted(from) };
    },
    async killMaster() {
      const from = await masterPort();
      const child = servers.get(from);
      if (!child) throw new Error(`no private redis-server on the master's port ${from}`);
      const exited = exitOf(child);
      child.kill('SIGKILL');
      await exited;
      return { from, to: await promoted(from) };
    },
    async close() {
      await Promise.all(
        children.map((child) => {
          const exited = exitOf(child);
          child.kill('SIGKILL');
          return exited;
        }),
      );
    },
  };
}
