// replicas: history scrollback (`before=`, the read DATABASE_REPLICA_URLS serves) from a private
// primary with 0, 1 and 2 streaming replicas. Closed loop: a fixed number of clients each read
// the next page as soon as the last one answered, for a fixed time; pages/s and p99 per count.
// Run only when named (`npm run bench -- replicas`). Needs this machine's PostgreSQL binaries
// (initdb, pg_ctl, pg_basebackup; Debian's postgresql package): skipped with the reason otherwise.
import { execFile, execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, startParley } from '../lib/infra.mjs';
import { newHistogram, recordMs, summarise } from '../lib/histogram.mjs';
import { JWT_SECRET, seedMessages, seedRooms, seedUsers, settle, withClient } from '../lib/seed.mjs';

const P99_BOUND_MS = 100;
const CONCURRENCY = 16;
const PAGE = 50;

const binDir = (() => {
  try {
    const dir = execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
    return ['initdb', 'pg_ctl', 'pg_basebackup'].every((tool) => existsSync(join(dir, tool))) ? dir : null;
  } catch {
    return null;
  }
})();

/** A private primary and `count` streaming replicas (pg_basebackup -R), as test/support/private-replica.ts does. */
async function privateCluster(count) {
  const dir = mkdtempSync(join(tmpdir(), 'parley-bench-replicas-'));
  const asRoot = process.getuid?.() === 0;
  const ids = asRoot
    ? {
        uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
        gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
      }
    : {};
  if (asRoot) chownSync(dir, ids.uid, ids.gid);
  const run = (tool, args) => promisify(execFile)(join(binDir, tool), args, { ...ids, cwd: dir, env: { PATH: process.env.PATH ?? '', LC_ALL: 'C' } });
  const servers = [];
  const start = async (data, port) => {
    await run('pg_ctl', [
      'start',
      '-w',
      '-t',
      '60',
      '-D',
      data,
      '-l',
      `${data}.log`,
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    ]);
    servers.push(data);
  };
  const primaryDir = join(dir, 'primary');
  const primaryPort = await freePort();
  await run('initdb', ['-D', primaryDir, '-U', 'parley', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  await start(primaryDir, primaryPort);
  const replicaPorts = [];
  for (let i = 0; i < count; i += 1) {
    const data = join(dir, `replica${i}`);
    const port = await freePort();
    await run('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'parley', '-D', data, '-R', '-X', 'stream', '--no-sync']);
    await start(data, port);
    replicaPorts.push(port);
  }
  const url = (port, db = 'postgres') => `postgres://parley@127.0.0.1:${port}/${db}`;
  return {
    adminUrl: url(primaryPort),
    primaryPort,
    replicaPorts,
    url,
    async close() {
      for (const data of servers.reverse()) await run('pg_ctl', ['stop', '-w', '-m', 'immediate', '-D', data]).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Transactions committed so far on one server (which server the reads went to). */
const transactions = (url) => withClient(url, async (db) => Number((await db.query('SELECT sum(xact_commit) AS n FROM pg_stat_database')).rows[0].n));

/** `concurrency` clients, each reading the next page as soon as the last answered, for `durationMs`. */
async function closedLoop({ url, paths, token, concurrency, durationMs }) {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const histogram = newHistogram();
  let pages = 0;
  let errors = 0;
  const get = (path) =>
    new Promise((resolve) => {
      const req = request(`${url}${path}`, { agent, headers: { authorization: `Bearer ${token}` } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', () => resolve(0));
      req.end();
    });
  const started = performance.now();
  const end = started + durationMs;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const path = paths[next++ % paths.length];
        const t = performance.now();
        const status = await get(path);
        if (status === 200) {
          recordMs(histogram, performance.now() - t);
          pages += 1;
        } else errors += 1;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  return { pages, errors, pagesPerSecond: pages / seconds, latency: summarise(histogram) };
}

export default {
  name: 'replicas',
  title: 'replicas: history scrollback from a primary with 0, 1 and 2 streaming replicas',
  target: `pages/s grow with replicas; p99 <= ${P99_BOUND_MS} ms at each count (closed loop, ${CONCURRENCY} clients)`,
  async run({ quick, progress }) {
    if (!binDir) {
      const why = 'skipped: no initdb/pg_ctl/pg_basebackup (pg_config --bindir) on this machine';
      progress(why);
      return { unit: 'pages/s', table: [{ metric: 'replicas', parley: null, target: '-', met: null, why }], notes: [why] };
    }
    const total = quick ? 100_000 : 1_000_000;
    const durationMs = quick ? 8000 : 30_000;
    const cluster = await privateCluster(2);
    try {
      const databaseUrl = cluster.url(cluster.primaryPort, 'bench_replicas');
      await withClient(cluster.adminUrl, (db) => db.query('CREATE DATABASE bench_replicas'));
      // Parley once on the primary alone, to run the migrations before the seed.
      const migrate = await startParley({ databaseUrl, jwtSecret: JWT_SECRET });
      await migrate.stop();
      const t = performance.now();
      const { token, roomId } = await withClient(databaseUrl, async (db) => {
        const users = await seedUsers(db, 2);
        const [room] = await seedRooms(db, [users.map((u) => u.id)]);
        await seedMessages(
          db,
          room,
          total,
          users.map((u) => u.id),
        );
        await settle(db, 'messages');
        return { token: users[0].token, roomId: room };
      });
      // Both replicas replay the seed before anything is measured.
      const lsn = await withClient(databaseUrl, async (db) => (await db.query('SELECT pg_current_wal_lsn() AS l')).rows[0].l);
      for (const port of cluster.replicaPorts) {
        for (let i = 0; ; i += 1) {
          const caught = await withClient(
            cluster.url(port, 'bench_replicas'),
            async (db) => (await db.query('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS ok', [lsn])).rows[0].ok,
          );
          if (caught) break;
          if (i > 600) throw new Error(`replica on ${port} did not replay the seed`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
      progress(`seeded ${total.toLocaleString('en')} messages and both replicas replayed them in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      // Scrollback pages spread over the whole history (every before= a different page).
      const paths = Array.from(
        { length: 500 },
        (_, i) => `/api/v1/rooms/${roomId}/messages?limit=${PAGE}&before=${PAGE + 1 + Math.floor(((total - PAGE) * i) / 500)}`,
      );
      const rows = [];
      for (const count of [0, 1, 2]) {
        const replicaUrls = cluster.replicaPorts.slice(0, count).map((port) => cluster.url(port, 'bench_replicas'));
        const parley = await startParley({
          databaseUrl,
          jwtSecret: JWT_SECRET,
          env: { DATABASE_REPLICA_URLS: replicaUrls.join(','), DATABASE_POOL_SIZE: '20' },
        });
        try {
          await closedLoop({ url: parley.url, paths, token, concurrency: CONCURRENCY, durationMs: quick ? 2000 : 5000 }); // warm-up (JIT, caches)
          const servers = [cluster.primaryPort, ...cluster.replicaPorts].map((port) => cluster.url(port));
          const before = await Promise.all(servers.map(transactions));
          const result = await closedLoop({ url: parley.url, paths, token, concurrency: CONCURRENCY, durationMs });
          const after = await Promise.all(servers.map(transactions));
          const served = after.map((n, i) => n - before[i]);
          progress(
            `${count} replica(s): ${result.pagesPerSecond.toFixed(0)} pages/s, p99 ${result.latency.p99} ms, ${result.errors} errors; transactions primary/r1/r2 ${served.join('/')}`,
          );
          rows.push({ replicas: count, ...result, transactions: { primary: served[0], replica1: served[1], replica2: served[2] } });
        } finally {
          await parley.stop();
        }
      }
      const base = rows[0].pagesPerSecond;
      const table = rows.flatMap((r) => [
        {
          metric: `${r.replicas} replica(s): pages/s`,
          parley: Math.round(r.pagesPerSecond),
          ratio: r.pagesPerSecond / base,
          target: r.replicas ? '> 0 replicas' : '-',
          met: r.replicas ? r.pagesPerSecond > base : undefined,
        },
        {
          metric: `${r.replicas} replica(s): p99 (ms)`,
          parley: r.latency.p99,
          target: `<= ${P99_BOUND_MS} ms`,
          met: r.errors === 0 && r.latency.p99 <= P99_BOUND_MS,
        },
      ]);
      return {
        unit: 'pages/s',
        rows,
        table,
        markdown: [
          '| replicas | pages/s | p50 (ms) | p99 (ms) | p99.9 (ms) | errors | transactions primary / replica 1 / replica 2 |',
          '|---|---|---|---|---|---|---|',
          ...rows.map(
            (r) =>
              `| ${r.replicas} | ${r.pagesPerSecond.toFixed(0)} | ${r.latency.p50} | ${r.latency.p99} | ${r.latency.p999} | ${r.errors} | ${r.transactions.primary} / ${r.transactions.replica1} / ${r.transactions.replica2} |`,
          ),
        ],
        notes: [
          `${total.toLocaleString('en')} messages in one room; ${CONCURRENCY} clients in a closed loop for ${durationMs / 1000} s per replica count, each page ${PAGE} messages at one of 500 before= points spread over the whole history; one Parley process (DATABASE_POOL_SIZE 20) pointed at the primary with DATABASE_REPLICA_URLS naming 0, 1 or 2 replicas.`,
          'The primary, both replicas (always running), Parley and the clients share this machine: a replica adds no CPU here, so this shows that reads move to the replicas (the transactions column) and what that costs, not the scaling separate machines would give.',
        ],
      };
    } finally {
      await cluster.close();
    }
  },
};
