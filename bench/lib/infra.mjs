// Processes and machinery the benchmark needs: PostgreSQL, the servers under test,
// and readings of their CPU time and memory from /proc.
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const CLOCK_TICKS = 100; // USER_HZ on Linux
/** The Node.js flags Parley ships with (package.json start:prod); the baselines run with the same ones. */
const SERVER_NODE_ARGS = createRequire(import.meta.url)('../../scripts/node-args.cjs').serverNodeArgs();
const children = new Set();

/** Kills every process this run started and has not stopped (a scenario over its time budget). */
export function killAll() {
  for (const child of children) child.kill('SIGKILL');
  children.clear();
}

export function track(child) {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** PostgreSQL for the run: DATABASE_URL's server, else an embedded one under .data/bench. */
export async function startPostgres(log) {
  if (process.env.DATABASE_URL) {
    return { adminUrl: process.env.DATABASE_URL, embedded: false, stop: async () => {} };
  }
  const entry = join(ROOT, 'dist/src/core/database/embedded-postgres.js');
  if (!existsSync(entry)) throw new Error('dist/ is missing: run `npm run bench` (it builds first)');
  const { startEmbeddedPostgres } = await import(entry);
  // pg_stat_statements is loaded but tracks nothing until a scenario turns it on for its database (statementStats).
  const handle = await startEmbeddedPostgres({
    dataDir: join(ROOT, '.data/bench/postgres'),
    persistent: false,
    log,
    settings: { shared_preload_libraries: 'pg_stat_statements', 'pg_stat_statements.track': 'none' },
  });
  return { adminUrl: handle.adminUrl, embedded: true, stop: () => handle.stop() };
}

/** A fresh, empty database on the run's server; returns its URL. */
export async function createDatabase(adminUrl, name) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** A child process (Parley or a baseline) that is ready once `ready()` answers. */
export async function startServer({ name, args, env, ready, timeoutMs = 60_000 }) {
  const child = track(
    spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  let output = '';
  // BENCH_LOG_DIR: keep each server's whole output (say, with BENCH_NODE_ARGS=--trace-gc) in <dir>/<name>-<pid>.log.
  const log = process.env.BENCH_LOG_DIR ? createWriteStream(join(process.env.BENCH_LOG_DIR, `${name}-${child.pid}.log`)) : null;
  const keep = (chunk) => {
    output = (output + chunk).slice(-8000);
    log?.write(chunk);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const early = await Promise.race([exited, sleep(100).then(() => null)]);
    if (early) throw new Error(`${name} exited (${early.code ?? early.signal}) before it was ready:\n${output}`);
    if (await ready().catch(() => false)) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} not ready after ${timeoutMs} ms:\n${output}`);
    }
  }
  return {
    name,
    pid: child.pid,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const done = await Promise.race([exited, sleep(10_000).then(() => null)]);
      if (!done) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

export const httpReady = (url) => async () => (await fetch(url)).ok;

/** Parley from dist/, on its own database, with limits raised for load and logs quiet. */
export async function startParley({ databaseUrl, jwtSecret, env = {}, main = process.env.BENCH_PARLEY_MAIN ?? 'dist/src/main.js' }) {
  const port = await freePort();
  const tracing = await tracingEnv();
  const server = await startServer({
    name: 'parley',
    // BENCH_PROFILE=1: V8 CPU profiles of Parley into .data/bench/profiles (open in Chrome DevTools).
    // BENCH_NODE_ARGS: more V8/Node flags for Parley (say --trace-gc; its output is kept with the server's).
    args: [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.data/bench/profiles'] : []),
      ...SERVER_NODE_ARGS,
      ...(process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean),
      main, // BENCH_PARLEY_MAIN: another build of Parley (say, a checkout of main built elsewhere) for side-by-side runs
    ],
    env: {
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      REDIS_URL: '',
      JWT_SECRET: jwtSecret,
      JWT_ACCESS_TTL: '2h',
      LOG_LEVEL: 'warn',
      SOCKET_RATE_LIMIT: '100000',
      SOCKET_RATE_WINDOW: '1s',
      // The abuse limits stay on (their checks run on every event) but far above the load's rates.
      SOCKET_TYPING_LIMIT: '1000000',
      SOCKET_TYPING_WINDOW: '1s',
      SOCKET_READ_LIMIT: '1000000',
      SOCKET_SYNC_LIMIT: '1000000',
      SOCKET_MAX_PER_USER: '1000000',
      ROOM_CREATE_LIMIT: '1000000',
      MEMBER_ADD_LIMIT: '1000000',
      MEMBER_ADDED_LIMIT: '1000000',
      INVITE_LIMIT: '1000000',
      ...tracing.env,
      ...env,
    },
    ready: httpReady(`http://127.0.0.1:${port}/health/live`),
  });
  // BENCH_RLS=off: row-level security off on every table once Parley has migrated, the other side of measuring its cost.
  if (process.env.BENCH_RLS === 'off') await disableRowSecurity(databaseUrl);
  const stop = async () => {
    await server.stop();
    const received = await tracing.stop();
    if (received) console.error(`[bench] OTLP stand-in received ${received.batches} batches, ${received.bytes} bytes`);
  };
  return { ...server, stop, url: `http://127.0.0.1:${port}` };
}

/**
 * BENCH_TRACING=on: Parley exports every trace (BENCH_TRACING_SAMPLER, default always_on) over OTLP/HTTP
 * to a stand-in collector in this process that reads and drops each batch, so the cost of tracing is measured
 * without a collector's own CPU on the two cores. `stop` returns how many batches and bytes it received.
 */
async function tracingEnv() {
  if (process.env.BENCH_TRACING !== 'on') return { env: {}, stop: async () => null };
  const { createServer: createHttpServer } = await import('node:http');
  const received = { batches: 0, bytes: 0 };
  const sink = createHttpServer((req, res) => {
    req.on('data', (chunk) => (received.bytes += chunk.length));
    req.on('end', () => {
      received.batches += 1;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise((resolve) => sink.listen(0, '127.0.0.1', resolve));
  return {
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${sink.address().port}`,
      OTEL_TRACES_SAMPLER: process.env.BENCH_TRACING_SAMPLER ?? 'parentbased_always_on',
      ...(process.env.BENCH_TRACING_SAMPLER_ARG ? { OTEL_TRACES_SAMPLER_ARG: process.env.BENCH_TRACING_SAMPLER_ARG } : {}),
    },
    stop: () => new Promise((resolve) => sink.close(() => resolve(received))),
  };
}

/** Every table's row-level security disabled (as the owner): the policies then cost nothing. */
async function disableRowSecurity(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT relname FROM pg_class WHERE relrowsecurity AND relkind = 'r' AND relnamespace = 'public'::regnamespace`,
    );
    for (const { relname } of rows) await client.query(`ALTER TABLE "${relname}" DISABLE ROW LEVEL SECURITY`);
  } finally {
    await client.end();
  }
}

/** A baseline program from bench/baselines; it serves /ready when listening. */
export async function startBaseline(file, env = {}) {
  const port = await freePort();
  const server = await startServer({
    name: file,
    args: [...SERVER_NODE_ARGS, join('bench/baselines', file)],
    env: { PORT: String(port), ...env },
    ready: httpReady(`http://127.0.0.1:${port}/ready`),
  });
  return { ...server, url: `http://127.0.0.1:${port}` };
}

/** CPU seconds (user + system) used so far by a process; with `withChildren`, plus that of its exited, reaped children. */
export function cpuSeconds(pid, { withChildren = false } = {}) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const own = Number(fields[11]) + Number(fields[12]);
    return (withChildren ? own + Number(fields[13]) + Number(fields[14]) : own) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}

/** Context switches so far (voluntary + involuntary) of a process: roughly its wakeups. */
export function contextSwitches(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return [...status.matchAll(/ctxt_switches:\s+(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
  } catch {
    return 0;
  }
}

/** The sum of `read(pid)` over every process whose name (in /proc/<pid>/stat) is `name`. */
export function sumOverProcesses(name, read) {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/stat`, 'utf8').includes(`(${name})`)) total += read(entry);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** Context switches of every PostgreSQL process (backends come and go: only live ones count). */
export const postgresContextSwitches = () => sumOverProcesses('postgres', contextSwitches);

/**
 * CPU seconds of every PostgreSQL process on this machine (server and backends),
 * including backends that exited (counted in the postmaster's reaped children), so a
 * connection closing mid-step neither hides its CPU nor makes the difference negative.
 */
export const postgresCpuSeconds = () => sumOverProcesses('postgres', (pid) => cpuSeconds(pid, { withChildren: true }));

/**
 * What a process has written through write-type system calls so far (/proc/<pid>/io): `writes`
 * (calls: for a socket server, about one per frame a socket is sent) and `bytes`. Zero where unreadable.
 */
export function ioCounters(pid) {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    return { writes: Number(/syscw:\s+(\d+)/.exec(io)[1]), bytes: Number(/wchar:\s+(\d+)/.exec(io)[1]) };
  } catch {
    return { writes: 0, bytes: 0 };
  }
}

/** Resident set size of a process, in bytes. */
export function rssBytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) * 1024;
}

/**
 * CPU use over a piece of work, as a share of one core: the server under test,
 * PostgreSQL and the load generator (reported by the generator itself).
 */
export async function withCpu(serverPid, work) {
  const started = performance.now();
  const server0 = cpuSeconds(serverPid);
  const pg0 = postgresCpuSeconds();
  const switches0 = { server: contextSwitches(serverPid), postgres: postgresContextSwitches() };
  const io0 = ioCounters(serverPid);
  const result = await work();
  const io1 = ioCounters(serverPid);
  const server1 = cpuSeconds(serverPid);
  const seconds = (performance.now() - started) / 1000;
  const cpu = {
    server: (server1 - server0) / seconds,
    postgres: (postgresCpuSeconds() - pg0) / seconds,
    seconds,
    switches: { server: contextSwitches(serverPid) - switches0.server, postgres: postgresContextSwitches() - switches0.postgres },
    // CPU seconds over the work (not a share): per unit of work, what a busy machine still measures.
    serverSeconds: server1 - server0,
    serverWrites: io1.writes - io0.writes,
    serverBytesWritten: io1.bytes - io0.bytes,
  };
  return { result, cpu };
}

/**
 * Turns on pg_stat_statements for one database (sessions opened afterwards): the
 * statements Parley runs, how often and for how long, readable with statementStats.
 */
export async function trackStatements(databaseUrl) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
    await db.query(`ALTER DATABASE ${JSON.stringify(new URL(databaseUrl).pathname.slice(1))} SET pg_stat_statements.track = 'top'`);
  } finally {
    await db.end();
  }
}

/** The database's statements since the last reset (calls, time), busiest first; `reset` clears them afterwards. */
export async function statementStats(databaseUrl, { reset = false } = {}) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT calls::int, total_exec_time AS ms, rows::int, regexp_replace(query, '\\s+', ' ', 'g') AS query
         FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
        ORDER BY total_exec_time DESC`,
    );
    if (reset) await db.query('SELECT pg_stat_statements_reset()');
    return rows;
  } finally {
    await db.end();
  }
}
