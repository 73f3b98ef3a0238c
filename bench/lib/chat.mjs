// Chat-shaped scenario plumbing: users for Parley (seeded, with tokens) and for the
// raw baselines (ids named in the handshake), and one rate search over socket events.
import { createDatabase, startBaseline, startParley, statementStats, trackStatements } from './infra.mjs';
import { startLoads } from './load.mjs';
import { JWT_SECRET, seedRooms, seedUsers, withClient } from './seed.mjs';
import { rateSearch, ratio } from './steps.mjs';
import { startWebhookSink, webhooksWanted } from './webhook-sink.mjs';

/** Parley users, each in the rooms `roomsOf(i)` picks among `roomCount` seeded rooms. */
export async function seedParleyUsers(databaseUrl, count, roomCount, roomsOf) {
  return withClient(databaseUrl, async (db) => {
    const users = await seedUsers(db, count);
    const members = Array.from({ length: roomCount }, () => []);
    users.forEach((u, i) => roomsOf(i).forEach((r) => members[r].push(u.id)));
    const roomIds = await seedRooms(db, members);
    return users.map((u, i) => ({ userId: u.id, auth: { token: u.token }, rooms: roomsOf(i).map((r) => roomIds[r]) }));
  });
}

const fakeId = (kind, n) => `00000000-0000-4000-${kind}-${String(n).padStart(12, '0')}`;

/** The same population for a baseline: no database, the handshake names user and rooms. */
export function baselineUsers(count, roomsOf) {
  return Array.from({ length: count }, (_, i) => {
    const userId = fakeId('8000', i);
    const rooms = roomsOf(i).map((r) => fakeId('9000', r));
    // Same username length as seedUsers' (u00042), so the baselines' messages weigh what Parley's do.
    return { userId, auth: { user_id: userId, username: `u${String(i).padStart(5, '0')}`, rooms }, rooms };
  });
}

/**
 * Connects `users` from fresh generator processes (GENERATORS by default, so that no
 * step is limited by one process's single core; a step where one is above 80% of a core
 * is marked generator-bound), warms up, then searches rates for `event`.
 */
export async function chatRateSearch({
  label,
  server,
  users,
  event,
  rates,
  always,
  durationMs,
  senders,
  receiversPerEvent,
  passes,
  progress,
  warmRate,
  generators = GENERATORS,
  connectRate = 1000,
}) {
  const load = startLoads(label, generators);
  try {
    const connected = await load.connect({ urlOf: () => server.url, users, rate: connectRate });
    if (connected.failed) throw new Error(`${label}: ${connected.failed} sockets failed to connect ${JSON.stringify(connected.errors)}`);
    progress(`${label}: ${connected.connected} sockets connected in ${connected.seconds.toFixed(1)} s (${generators} generator processes)`);
    const step = (rate) => load.chatStep({ event, rate, durationMs, senders, receiversPerEvent });
    await step(warmRate); // warm-up: JIT, pools, prepared plans
    return { ...(await rateSearch({ rates, always, serverPid: server.pid, step, passes, progress, label })), connect: connected };
  } finally {
    load.stop();
  }
}

/** Generator processes per chat scenario (BENCH_GENERATORS overrides). */
export const GENERATORS = Number(process.env.BENCH_GENERATORS ?? 2);

/**
 * The same rate search against Parley (seeded on its own database) and then against a
 * raw baseline program, each stopped before the other starts.
 */
export async function parleyAgainstBaseline({ adminUrl, name, count, roomCount, roomsOf, baseline, search }) {
  const databaseUrl = await createDatabase(adminUrl, `bench_${name}`);
  const sink = webhooksWanted() ? await startWebhookSink(databaseUrl) : null;
  if (process.env.BENCH_PG_STATS) await trackStatements(databaseUrl);
  const parley = await startParley({ databaseUrl, jwtSecret: JWT_SECRET, env: sink?.env });
  let parleyRun;
  try {
    await sink?.subscribe();
    parleyRun = await chatRateSearch({
      ...search,
      label: 'parley',
      server: parley,
      users: await seedParleyUsers(databaseUrl, count, roomCount, roomsOf),
    });
    if (sink) parleyRun.webhooks = await sink.drain(search.progress);
    // BENCH_PG_STATS=1: Parley's busiest statements over the whole search, on stderr.
    if (process.env.BENCH_PG_STATS) {
      for (const s of (await statementStats(databaseUrl)).slice(0, 12)) {
        search.progress(`pg: ${s.calls} calls, ${(s.ms / s.calls).toFixed(3)} ms each, ${s.ms.toFixed(0)} ms total: ${s.query.slice(0, 160)}`);
      }
    }
  } finally {
    await parley.stop();
    await sink?.close();
  }
  const env = baseline.database ? { DATABASE_URL: await createDatabase(adminUrl, `bench_${name}_baseline`) } : {};
  const server = await startBaseline(baseline.file, env);
  try {
    return { parleyRun, baseRun: await chatRateSearch({ ...search, label: 'baseline', server, users: baselineUsers(count, roomsOf) }) };
  } finally {
    await server.stop();
  }
}

/**
 * The report of a room fan-out search (fanout, course): deliveries/s with p99 within `bound`
 * and no loss against the baseline's (target 0.8 x), with the rate (`unit`) and p99 at that point.
 */
export function fanoutReport({ unit, bound, parleyRun, baseRun, rows = [], notes }) {
  rows = [...perDeliveryRows(parleyRun, baseRun), ...rows];
  const best = parleyRun.best?.deliveriesPerSecond ?? 0;
  const baseBest = baseRun.best?.deliveriesPerSecond ?? 0;
  return {
    unit,
    bound,
    parley: parleyRun,
    baseline: baseRun,
    latency: { parley: parleyRun.best?.latency ?? parleyRun.steps[0]?.latency, baseline: baseRun.best?.latency },
    latencyLabel: "send-to-receive at each side's best passing rate",
    table: [
      {
        metric: `deliveries/s (p99 <= ${bound} ms, no loss)`,
        parley: best,
        baseline: baseBest,
        ratio: ratio(best, baseBest),
        target: '>= 0.8',
        met: (ratio(best, baseBest) ?? 0) >= 0.8,
      },
      {
        metric: `${unit} at that point`,
        parley: parleyRun.best?.rate ?? 0,
        baseline: baseRun.best?.rate ?? 0,
        ratio: ratio(parleyRun.best?.rate, baseRun.best?.rate),
      },
      { metric: 'p99 at that point (ms)', parley: parleyRun.best?.latency.p99 ?? null, baseline: baseRun.best?.latency.p99 ?? null },
      ...rows,
    ],
    notes,
  };
}

/**
 * The cost of a delivery on each side, over the steps both ran at the same rates (measured the same way on
 * a busy machine, where latency-bounded rates are not comparable): the server's CPU (user + system, from
 * /proc/<pid>/stat), its write system calls (about one per frame written to a socket) and bytes written, and
 * PostgreSQL's CPU, each per delivery.
 */
export function perDeliveryRows(parleyRun, baseRun) {
  const rates = new Set(baseRun.steps.map((s) => s.rate));
  const sum = (run) => {
    const steps = run.steps.filter((s) => rates.has(s.rate) && parleyRun.steps.some((p) => p.rate === s.rate) && s.cpu?.serverSeconds !== undefined);
    const delivered = steps.reduce((n, s) => n + s.delivered, 0);
    const total = (pick) => steps.reduce((n, s) => n + pick(s), 0);
    if (!delivered) return null;
    return {
      cpuUs: (total((s) => s.cpu.serverSeconds) * 1e6) / delivered,
      postgresUs: (total((s) => s.cpu.postgres * s.cpu.seconds) * 1e6) / delivered,
      writes: total((s) => s.cpu.serverWrites) / delivered,
      bytes: total((s) => s.cpu.serverBytesWritten) / delivered,
    };
  };
  const p = sum(parleyRun);
  const b = sum(baseRun);
  if (!p || !b) return [];
  const round = (x, d) => Number(x.toFixed(d));
  return [
    { metric: 'server CPU per delivery (us), same rates', parley: round(p.cpuUs, 2), baseline: round(b.cpuUs, 2), ratio: ratio(p.cpuUs, b.cpuUs) },
    { metric: 'PostgreSQL CPU per delivery (us), same rates', parley: round(p.postgresUs, 2), baseline: round(b.postgresUs, 2) },
    {
      metric: 'server write calls per delivery, same rates',
      parley: round(p.writes, 3),
      baseline: round(b.writes, 3),
      ratio: ratio(p.writes, b.writes),
    },
    {
      metric: 'server bytes written per delivery, same rates',
      parley: round(p.bytes, 1),
      baseline: round(b.bytes, 1),
      ratio: ratio(p.bytes, b.bytes),
    },
  ];
}
