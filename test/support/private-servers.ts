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
