// capacity: how many people one machine serves (issue 32). Simulated users after
// mattermost-load-test-ng's simulative controller (bench/capacity-worker.mjs: idle >= 1 s,
// 20 s on average, then one action by weight, mapped to Parley's routes and socket events)
// are added in steps; each step is held and measured: per action class p99 and errors,
// delivery latency to receivers, and the CPU and memory of Parley, PostgreSQL and Redis.
// The largest step where every class keeps its bound with 0 errors is the capacity. One
// Parley process, then two behind one address (users alternate between them, as a
// round-robin balancer would place them) sharing Redis (BENCH_CAPACITY_NODES=1,2).
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { v7 as uuid } from 'uuid';
import { mergeHistograms, summarise } from '../lib/histogram.mjs';
import { ROOT, cpuSeconds, createDatabase, postgresCpuSeconds, rssBytes, startParley, sumOverProcesses } from '../lib/infra.mjs';
import { startLoad } from '../lib/load.mjs';
import { JWT_SECRET, seedUsers, settle, withClient } from '../lib/seed.mjs';
import { GENERATOR_BOUND, fmt } from '../lib/steps.mjs';
import { dropKeys, fdLimit, redisCpuSeconds, redisReachable } from './nodes.mjs';

const env = (name, fallback) => (process.env[name] ? process.env[name] : fallback);
const DIRECT_PARTNERS = 4; // each user opens direct rooms with the next 4: 8 direct rooms each
const GROUPS_EACH = 10; // groups of 5..50
const COURSES_EACH = 2; // courses of 500..5,000
const SEARCH_CLASSES = new Set(['search-messages', 'search-users', 'search-rooms']);
const BOUND_MS = { read: 200, search: 500, delivery: 500 };
const boundOf = (name) => (name === 'delivery' ? BOUND_MS.delivery : SEARCH_CLASSES.has(name) ? BOUND_MS.search : BOUND_MS.read);

/** Words of the seeded messages: 1,000 made-up ones from syllables, none of them a searched word. */
const VOCABULARY = (() => {
  const syllables = ['ba', 'ko', 'ri', 'tu', 'me', 'sa', 'lo', 'ni', 'da', 've', 'gu', 'pe', 'zo', 'fi', 'hu', 'ja', 'wy', 'ce', 'xo', 'qu'];
  const words = [];
  for (let i = 0; words.length < 1000; i += 1) words.push(syllables[i % 20] + syllables[Math.floor(i / 20) % 20] + syllables[(i * 7) % 20]);
  return words;
})();
/** One seeded message in this many carries the searched words ("quarterly planning", "course schedule", "number 1"). */
const TOPIC_EVERY = 250;

/** A small deterministic PRNG (mulberry32), so every run seeds the same rooms. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rooms of random sizes in [min, max] until each user is in about `each` of them. */
function randomRooms(ids, each, min, max, random) {
  const rooms = [];
  let slots = ids.length * each;
  let pool = [];
  while (slots > 0) {
    const size = Math.min(ids.length, min + Math.floor(random() * (max - min + 1)));
    const members = new Set();
    while (members.size < size) {
      if (!pool.length) pool = [...ids].sort(() => random() - 0.5);
      members.add(pool.pop());
    }
    rooms.push([...members]);
    slots -= size;
  }
  return rooms;
}

async function insertRooms(db, rooms) {
  for (let i = 0; i < rooms.length; i += 5000) {
    const part = rooms.slice(i, i + 5000);
    await db.query(
      `INSERT INTO rooms (id, name, room_type, visibility, created_by, participant_count, direct_key)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::int[], $7::text[])`,
      [
        part.map((r) => r.id),
        part.map((r) => r.name),
        part.map((r) => r.type),
        part.map((r) => r.visibility),
        part.map((r) => r.members[0]),
        part.map((r) => r.members.length),
        part.map((r) => r.directKey ?? null),
      ],
    );
    const roomIds = [];
    const userIds = [];
    const roles = [];
    for (const r of part)
      r.members.forEach((u, j) => {
        roomIds.push(r.id);
        userIds.push(u);
        roles.push(j === 0 ? 'owner' : 'member');
      });
    await db.query(`INSERT INTO room_members (room_id, user_id, role) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[])`, [
      roomIds,
      userIds,
      roles,
    ]);
  }
}

/**
 * The data set: `count` users, each in 8 direct rooms, about 10 groups of 5..50 (half of
 * them public: the directory) and 2 courses of 500..5,000 (at most everyone); every room
 * holding `history` messages; every member a few messages behind (unread).
 */
async function seed(databaseUrl, count, history) {
  const random = prng(32);
  return withClient(databaseUrl, async (db) => {
    const users = await seedUsers(db, count, 'c');
    const ids = users.map((u) => u.id);
    const rooms = [];
    for (let i = 0; i < count; i += 1)
      for (let k = 1; k <= DIRECT_PARTNERS && k < count; k += 1) {
        const other = ids[(i + k) % count];
        rooms.push({
          id: uuid(),
          name: null,
          type: 'ONE_TO_ONE',
          visibility: 'private',
          members: [ids[i], other],
          directKey: [ids[i], other].sort().join(':'),
        });
      }
    const groups = randomRooms(ids, GROUPS_EACH, 5, 50, random).map((members, i) => ({
      id: uuid(),
      name: `group ${i}`,
      type: 'GROUP',
      visibility: i % 2 ? 'public' : 'private',
      members,
    }));
    const courses = randomRooms(ids, COURSES_EACH, 500, 5000, random).map((members, i) => ({
      id: uuid(),
      name: `course ${i}`,
      type: 'COURSE',
      visibility: 'private',
      members,
    }));
    const all = [...rooms, ...groups, ...courses];
    await insertRooms(db, all);
    // Text with a vocabulary, so that the searched words are as rare as a real word is (1 message in
    // TOPIC_EVERY carries them): a seed where every message matched made each search read the whole history.
    await db.query(
      `INSERT INTO messages (id, room_id, seq, type, sender_id, content, created_at)
       SELECT gen_random_uuid(), r.id, g, 'text', r.created_by,
              'bench ' || g || ' ' || ($2::text[])[(1 + abs(hashtext(r.id::text || g)::bigint) % $3)::int] || ' '
                || ($2::text[])[(1 + abs(hashtext(g || r.id::text)::bigint) % $3)::int] || ' ' || ($2::text[])[(1 + (abs(hashtext(r.id::text)::bigint) + g * 7919) % $3)::int]
                || CASE WHEN abs(hashtext(r.id::text || 't' || g)::bigint) % $4 = 0 THEN ' about quarterly planning and the course schedule, number 1' ELSE '' END,
              now() - make_interval(secs => ($1 - g) * 60.0)
         FROM rooms r CROSS JOIN generate_series(1, $1::int) AS g`,
      [history, VOCABULARY, VOCABULARY.length, TOPIC_EVERY],
    );
    await db.query(
      `UPDATE rooms r SET last_seq = m.seq, message_count = $1, last_message_id = m.id, last_message_at = m.created_at
         FROM messages m WHERE m.room_id = r.id AND m.seq = $1`,
      [history],
    );
    await db.query(`UPDATE room_members SET last_read_seq = greatest(0, $1 - abs(hashtext(user_id::text || room_id::text)::bigint) % 6)`, [history]);
    await settle(db);
    const roomsOf = new Map(ids.map((id) => [id, []]));
    for (const r of all) for (const u of r.members) roomsOf.get(u).push({ id: r.id, lastSeq: history });
    const publicGroups = groups.filter((g) => g.visibility === 'public').map((g) => g.id);
    return {
      users: users.map((u) => ({ userId: u.id, token: u.token, rooms: roomsOf.get(u.id) })),
      publicGroups,
      counts: { rooms: all.length, direct: rooms.length, groups: groups.length, courses: courses.length, messages: all.length * history },
      memberships: all.reduce((n, r) => n + r.members.length, 0),
      courseSizes: courses.map((c) => c.members.length),
    };
  });
}

/** The embedded PostgreSQL's processes (its postmaster and children), or every `postgres` process when not embedded. */
function postgresPids() {
  try {
    const master = Number(readFileSync(join(ROOT, '.data/bench/postgres/postmaster.pid'), 'utf8').split('\n')[0]);
    const pids = [master];
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
        if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === master) pids.push(Number(entry));
      } catch {
        // gone meanwhile
      }
    }
    return pids;
  } catch {
    return null;
  }
}

/** Proportional set size (shared pages split between sharers): what PostgreSQL's processes use together. */
function pssBytes(pid) {
  try {
    return Number(/Pss:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))[1]) * 1024;
  } catch {
    return 0;
  }
}

/** CPU seconds the whole machine has been busy (every core, every process: ours and everyone else's). */
function machineBusySeconds() {
  const [, user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  return (user + nice + system + irq + softirq + steal) / 100;
}

function readings(parleys) {
  const pg = postgresPids();
  return {
    t: performance.now(),
    machineBusy: machineBusySeconds(),
    loadavg: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
    parleyCpu: parleys.map((p) => cpuSeconds(p.pid)),
    parleyRss: parleys.map((p) => rssBytes(p.pid)),
    pgCpu: pg ? cpuSeconds(pg[0], { withChildren: true }) + pg.slice(1).reduce((n, pid) => n + cpuSeconds(pid), 0) : postgresCpuSeconds(),
    pgMem: pg ? pg.reduce((n, pid) => n + pssBytes(pid), 0) : null,
    redisCpu: redisCpuSeconds(),
    redisRss: sumOverProcesses('redis-server', (pid) => rssBytes(pid)),
  };
}

const MiB = 2 ** 20;

export default {
  name: 'capacity',
  title: 'capacity: simulated people (mattermost-load-test-ng simulative model) added in steps, one and two Parley processes',
  target:
    `the largest user count where every action class keeps p99 <= ${BOUND_MS.read} ms (reads and sends; searches <= ${BOUND_MS.search} ms), delivery to receivers p99 <= ${BOUND_MS.delivery} ms, 0 errors; ` +
    'goal 15,000 on this 2-core machine',
  async run({ adminUrl, quick, progress }) {
    const step = Number(env('BENCH_CAPACITY_STEP', quick ? 500 : 1000));
    const max = Number(env('BENCH_CAPACITY_MAX', quick ? 2000 : 20000));
    const holdS = Number(env('BENCH_CAPACITY_HOLD_S', quick ? 30 : 180));
    const history = Number(env('BENCH_CAPACITY_HISTORY', quick ? 40 : 200));
    const nodeCounts = env('BENCH_CAPACITY_NODES', '1,2').split(',').map(Number);
    const generators = Number(env('BENCH_GENERATORS', 2));
    const connectRate = Number(env('BENCH_CAPACITY_CONNECT_RATE', 250));
    // Failing steps in a row that end a run (quick: none do: every step is run for the shape of the curve).
    const stopAfter = Number(env('BENCH_CAPACITY_STOP_AFTER', quick ? Infinity : 2));
    const warmActions = Number(env('BENCH_CAPACITY_WARM', quick ? 500 : 2000));
    const limit = fdLimit();
    const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const runs = [];
    const notes = [];
    for (const nodes of nodeCounts) {
      let redis = null;
      let prefix = null;
      if (nodes > 1) {
        redis = await redisReachable(redisUrl);
        if (!redis) {
          notes.push(`${nodes} processes skipped: no Redis at ${redisUrl}`);
          continue;
        }
        prefix = `bench-capacity-${process.pid}-${Date.now().toString(36)}`;
      }
      const databaseUrl = await createDatabase(adminUrl, 'bench_capacity');
      const t = performance.now();
      const parleys = [];
      const loads = [];
      try {
        const extra = redis ? { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix } : {};
        parleys.push(await startParley({ databaseUrl, jwtSecret: JWT_SECRET, env: extra }));
        for (let k = 1; k < nodes; k += 1) parleys.push(await startParley({ databaseUrl, jwtSecret: JWT_SECRET, env: extra }));
        const data = await seed(databaseUrl, max, history);
        progress(
          `${nodes} process(es): seeded ${max} users, ${data.counts.rooms} rooms (${data.counts.direct} direct, ${data.counts.groups} groups, ${data.counts.courses} courses of ${data.courseSizes.join('/')}), ` +
            `${(data.memberships / max).toFixed(1)} rooms per user, ${data.counts.messages.toLocaleString('en')} messages in ${((performance.now() - t) / 1000).toFixed(0)} s`,
        );
        const random = prng(7);
        const directory = Array.from({ length: 200 }, () => data.users[Math.floor(random() * max)].userId);
        const joinable = data.publicGroups.slice(0, 500);
        for (let g = 0; g < generators; g += 1) {
          const load = startLoad(`capacity-${g}`, 'bench/capacity-worker.mjs');
          loads.push(load);
          await load.call('setup', { url: parleys[0].url });
        }
        const idle = readings(parleys);
        const steps = [];
        let online = 0;
        let fails = 0;
        for (let target = step; target <= max; target += step) {
          const perProcess = Math.ceil(target / nodes) + 200;
          if (perProcess > limit) {
            notes.push(
              `${nodes} process(es): ${target} users would need about ${perProcess} open files in one Parley process; this machine allows ${limit}: stopped there.`,
            );
            progress(`${nodes} process(es): ${target} users exceed the open-files limit ${limit} per process; stopped`);
            break;
          }
          const adding = data.users.slice(online, target).map((u, j) => ({ ...u, url: parleys[(online + j) % nodes].url }));
          const added = await Promise.all(
            loads.map((load, g) =>
              load.call('addUsers', {
                add: adding.filter((_, j) => (online + j) % generators === g),
                rate: connectRate / generators,
                directory,
                joinable,
              }),
            ),
          );
          const failed = added.reduce((n, a) => n + a.failed, 0);
          online = target;
          if (!steps.length) {
            // Warm-up on the first step's users (fresh processes: JIT, pools, plans), unmeasured.
            const t0 = performance.now();
            await Promise.all(loads.map((l) => l.call('warm', { count: warmActions, ms: warmActions * 20 })));
            progress(`${nodes} process(es): warmed up with ${warmActions * generators} actions in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
          }
          await sleep(2000);
          await Promise.all(loads.map((l) => l.call('reset')));
          const r0 = readings(parleys);
          await sleep(holdS * 1000);
          const parts = await Promise.all(loads.map((l) => l.call('collect')));
          const r1 = readings(parleys);
          const row = summariseStep({
            target,
            nodes,
            parts,
            r0,
            r1,
            idle,
            failedConnects: failed,
            connectErrors: Object.assign({}, ...added.map((a) => a.errors)),
          });
          steps.push(row);
          progress(describe(row, nodes));
          fails = row.pass ? 0 : fails + 1;
          if (fails >= stopAfter) break;
        }
        const firstFail = steps.findIndex((s) => !s.pass);
        const held = firstFail === -1 ? steps : steps.slice(0, firstFail);
        runs.push({ nodes, steps, best: held.length ? held[held.length - 1].users : 0, seed: data.counts });
      } finally {
        for (const l of loads) await l.call('stop').catch(() => undefined);
        for (const l of loads) l.stop();
        for (const p of parleys) await p.stop();
        if (redis) {
          await dropKeys(redis, prefix).catch(() => undefined);
          redis.disconnect();
        }
      }
    }
    return report({ runs, notes, quick, step, max, holdS, history, generators, limit, connectRate });
  },
};

function summariseStep({ target, nodes, parts, r0, r1, idle, failedConnects, connectErrors }) {
  const seconds = (r1.t - r0.t) / 1000;
  const names = [...new Set(parts.flatMap((p) => Object.keys(p.classes)))].sort();
  const classes = {};
  for (const name of names) {
    const mine = parts.map((p) => p.classes[name]).filter(Boolean);
    const latency = summarise(mergeHistograms(mine.map((c) => c.hdr)));
    const errors = mine.reduce((n, c) => n + c.errors, 0);
    const statuses = {};
    for (const c of mine) for (const [k, v] of Object.entries(c.statuses)) statuses[k] = (statuses[k] ?? 0) + v;
    classes[name] = { count: mine.reduce((n, c) => n + c.count, 0), errors, statuses, latency, bound: boundOf(name) };
  }
  const delivery = summarise(mergeHistograms(parts.map((p) => p.deliveries.hdr)));
  classes.delivery = { count: delivery.count, errors: 0, statuses: {}, latency: delivery, bound: BOUND_MS.delivery };
  const generatorCpu = parts.map((p) => p.cpu);
  const generatorBound = Math.max(...generatorCpu) > GENERATOR_BOUND;
  const over = Object.entries(classes)
    .filter(([, c]) => c.latency.p99 !== null && c.latency.p99 > c.bound)
    .map(([n]) => n);
  const errors = Object.values(classes).reduce((n, c) => n + c.errors, 0) + failedConnects;
  const online = parts.reduce((n, p) => n + p.online, 0);
  const cpu = {
    parley: r1.parleyCpu.map((c, i) => (c - r0.parleyCpu[i]) / seconds),
    postgres: (r1.pgCpu - r0.pgCpu) / seconds,
    redis: (r1.redisCpu - r0.redisCpu) / seconds,
    generators: generatorCpu,
    machine: (r1.machineBusy - r0.machineBusy) / seconds,
  };
  // Everyone else's work on this shared machine during the hold (cores): all busy time minus ours.
  cpu.others = Math.max(0, cpu.machine - cpu.parley.reduce((a, b) => a + b, 0) - cpu.postgres - cpu.redis - generatorCpu.reduce((a, b) => a + b, 0));
  const memory = {
    parleyMiB: r1.parleyRss.map((b) => b / MiB),
    parleyGrowthMiB: r1.parleyRss.reduce((n, b, i) => n + b - idle.parleyRss[i], 0) / MiB,
    postgresMiB: r1.pgMem === null ? null : r1.pgMem / MiB,
    redisMiB: r1.redisRss / MiB,
  };
  const actions = Object.entries(classes)
    .filter(([n]) => n !== 'delivery')
    .reduce((n, [, c]) => n + c.count + c.errors, 0);
  return {
    users: target,
    online,
    seconds,
    requestsPerSecond: actions / seconds,
    deliveriesPerSecond: delivery.count / seconds,
    typingPerSecond: parts.reduce((n, p) => n + p.typingReceived, 0) / seconds,
    classes,
    errors,
    failedConnects,
    connectErrors,
    over,
    cpu,
    memory,
    generatorBound,
    // Not `online === target`: a user in the middle of its reconnect action is offline for a moment; a failed reconnect is an error.
    pass: !generatorBound && errors === 0 && over.length === 0,
    loadavg: r1.loadavg,
    nodes,
  };
}

function describe(row, nodes) {
  const worst = Object.entries(row.classes)
    .sort((a, b) => (b[1].latency.p99 ?? 0) / b[1].bound - (a[1].latency.p99 ?? 0) / a[1].bound)
    .slice(0, 4)
    .map(([n, c]) => `${n} ${fmt(c.latency.p99)}`)
    .join(', ');
  const errs = Object.entries(row.classes)
    .filter(([, c]) => c.errors)
    .map(([n, c]) => `${n} ${JSON.stringify(c.statuses)}`)
    .join('; ');
  return (
    `${nodes}p @ ${row.users} users (${row.online} online): ${fmt(row.requestsPerSecond, 0)} requests/s, ${fmt(row.deliveriesPerSecond, 0)} deliveries/s; worst p99 ${worst} ms; ` +
    `errors ${row.errors}${errs ? ` (${errs})` : ''}; CPU parley ${row.cpu.parley.map((c) => fmt(c * 100, 0)).join('+')}% pg ${fmt(row.cpu.postgres * 100, 0)}% redis ${fmt(row.cpu.redis * 100, 0)}% ` +
    `gen ${row.cpu.generators.map((c) => fmt(c * 100, 0)).join('+')}%, others on the machine ${fmt(row.cpu.others * 100, 0)}% (load ${row.loadavg}) -> ${row.generatorBound ? 'generator-bound' : row.pass ? 'pass' : 'FAIL'}`
  );
}

function report({ runs, notes, quick, step, max, holdS, history, generators, limit, connectRate }) {
  const table = [];
  const markdown = [];
  const charts = [];
  for (const run of runs) {
    const last = run.steps.find((s) => !s.pass); // the first step that did not pass
    const best = run.steps.find((s) => s.users === run.best);
    const first = run.steps[0];
    const per1000 = (s, v) => (s && s.users ? v / (s.users / 1000) : null);
    table.push({
      metric: `${run.nodes} Parley process(es): most users with every class within its bound and 0 errors`,
      parley: run.best,
      baseline: null,
      target: '>= 15,000',
      met: run.best >= 15000,
    });
    if (best) {
      const parleyCpu = best.cpu.parley.reduce((a, b) => a + b, 0);
      table.push(
        { metric: `${run.nodes}p: Parley CPU per 1,000 users at ${best.users} (share of a core)`, parley: per1000(best, parleyCpu), baseline: null },
        {
          metric: `${run.nodes}p: PostgreSQL CPU per 1,000 users at ${best.users} (share of a core)`,
          parley: per1000(best, best.cpu.postgres),
          baseline: null,
        },
        {
          metric: `${run.nodes}p: Redis CPU per 1,000 users at ${best.users} (share of a core; shared Redis)`,
          parley: per1000(best, best.cpu.redis),
          baseline: null,
        },
        {
          metric:
            first && first !== best
              ? `${run.nodes}p: Parley memory per 1,000 more users (MiB RSS, ${first.users} -> ${best.users} users)`
              : `${run.nodes}p: Parley memory growth per 1,000 users at ${best.users} (MiB RSS since idle, warm-up included)`,
          parley:
            first && first !== best
              ? ((best.memory.parleyGrowthMiB - first.memory.parleyGrowthMiB) * 1000) / (best.users - first.users)
              : per1000(best, best.memory.parleyGrowthMiB),
          baseline: null,
        },
        {
          metric: `${run.nodes}p: PostgreSQL memory (PSS, MiB) / Redis RSS (MiB) at ${best.users}`,
          parley: `${fmt(best.memory.postgresMiB, 0)} / ${fmt(best.memory.redisMiB, 0)}`,
          baseline: null,
        },
      );
    }
    // A projection, not a measurement: the first (least loaded) step's CPU per user (Parley + PostgreSQL + Redis), scaled
    // until it fills both cores. A saturated step serves fewer requests per user and would flatter the figure.
    const top = run.steps[0];
    if (top) {
      const perUser = (top.cpu.parley.reduce((a, b) => a + b, 0) + top.cpu.postgres + top.cpu.redis) / top.users;
      table.push({
        metric: `${run.nodes}p: users at which Parley + PostgreSQL + Redis would fill both cores, at the CPU per user of ${top.users} users (projection)`,
        parley: Math.round(2 / perUser),
        baseline: null,
        target: '>= 15,000',
      });
    }
    if (last)
      table.push({
        metric: `${run.nodes}p: what failed first, at ${last.users} users`,
        parley: last.generatorBound
          ? 'generator-bound'
          : [...last.over.map((n) => `${n} p99 ${fmt(last.classes[n].latency.p99)} ms`), last.errors ? `${last.errors} errors` : null]
              .filter(Boolean)
              .join('; '),
        baseline: null,
      });
    const names = [...new Set(run.steps.flatMap((s) => Object.keys(s.classes)))].sort();
    markdown.push(
      `### ${run.nodes} Parley process(es): p99 per action class (ms) by users online (count in the hold / errors)`,
      '',
      `| class (bound) | ${run.steps.map((s) => `${s.users} users`).join(' | ')} |`,
      `|---|${run.steps.map(() => '---').join('|')}|`,
      ...names.map(
        (n) =>
          `| ${n} (${boundOf(n)}) | ${run.steps
            .map((s) => {
              const c = s.classes[n];
              if (!c) return '-';
              const mark = c.latency.p99 !== null && c.latency.p99 > c.bound ? '**' : '';
              return `${mark}${fmt(c.latency.p99)}${mark} (${c.count}${c.errors ? ` / **${c.errors} err ${JSON.stringify(c.statuses)}**` : ''})`;
            })
            .join(' | ')} |`,
      ),
      `| requests/s, deliveries/s | ${run.steps.map((s) => `${fmt(s.requestsPerSecond, 0)}, ${fmt(s.deliveriesPerSecond, 0)}`).join(' | ')} |`,
      `| CPU Parley / PostgreSQL / Redis (% of a core) | ${run.steps.map((s) => `${s.cpu.parley.map((c) => fmt(c * 100, 0)).join('+')} / ${fmt(s.cpu.postgres * 100, 0)} / ${fmt(s.cpu.redis * 100, 0)}`).join(' | ')} |`,
      `| everyone else on the machine (% of a core) / load average | ${run.steps.map((s) => `${fmt(s.cpu.others * 100, 0)} / ${s.loadavg}`).join(' | ')} |`,
      `| generators (% of a core) | ${run.steps.map((s) => s.cpu.generators.map((c) => fmt(c * 100, 0)).join(' + ')).join(' | ')} |`,
      `| RSS Parley / PSS PostgreSQL / RSS Redis (MiB) | ${run.steps.map((s) => `${s.memory.parleyMiB.map((m) => fmt(m, 0)).join('+')} / ${fmt(s.memory.postgresMiB, 0)} / ${fmt(s.memory.redisMiB, 0)}`).join(' | ')} |`,
      `| verdict | ${run.steps.map((s) => (s.generatorBound ? 'generator-bound' : s.pass ? 'pass' : '**fail**')).join(' | ')} |`,
      '',
    );
    const series = {};
    for (const n of names)
      series[n] = run.steps.filter((s) => s.classes[n]).map((s) => ({ rate: s.users, p99: s.classes[n].latency.p99, pass: s.pass }));
    charts.push({
      name: `${run.nodes}p-p99`,
      title: `capacity, ${run.nodes} process(es): p99 per action class by users`,
      series,
      unit: 'users',
      bound: BOUND_MS.read,
      xLabel: 'users online',
    });
  }
  return {
    unit: 'users',
    parley: { steps: [], runs },
    baseline: { steps: [] },
    table,
    markdown,
    charts,
    notes: [
      `Steps of ${step} users up to ${max}, each held ${holdS} s after its users connected (${connectRate} handshakes/s) and 2 s of settling; only the hold is measured. ` +
        `Every room holds ${history} messages (BENCH_CAPACITY_HISTORY). ${generators} generator processes; users alternate between them and, with 2 processes, between the Parley processes.`,
      "User model (bench/capacity-worker.mjs): idle 1 s + exponential (mean 19 s), then one action by the weights of mattermost-load-test-ng's simulative controller: switch room = newest history page + members page + mark read; scroll = the next older page; open direct or group = `POST /rooms/direct` or the public directory (`GET /rooms/public`), then a newest page; unread = `GET /users/me/unread`; post = `typing` then, 0.5-2 s later, `message:send` over the socket (18% thread replies, 10% with a mention); view threads = `GET /users/me/mentions`; view thread = a thread page; thread read = mark read; permalink = one message + the page around it; reconnect = a new socket + `sync` of its rooms; reaction = `PUT .../reactions/{emoji}`; the three searches; edit / delete one of my messages; join a public group; create a direct room. Logout and login (weight 0.0006) is left out: seeded users have no password.",
      "Latency of a request runs from its start to its answer (a simulated person waits for it: the model is closed per user, open over the population); delivery runs from the sender's send to each receiver's `message:new` (one clock shared by the generator processes). Classes: post and post-reply are the send ack; delivery the receivers' side.",
      `A step passes when every class's p99 is within its bound (${BOUND_MS.read} ms reads and sends, ${BOUND_MS.search} ms searches, ${BOUND_MS.delivery} ms delivery), no request failed, every user is online, and no generator process ran above ${GENERATOR_BOUND * 100}% of a core (else generator-bound, neither pass nor fail). Two failing steps in a row end a run (BENCH_CAPACITY_STOP_AFTER; quick mode runs every step); the capacity is the largest passing step below the first failing one.`,
      `CPU from /proc over the hold: Parley's process(es); PostgreSQL = the embedded server's postmaster and its children (exited backends included); Redis = every redis-server process on the machine (shared with other users of it); memory: Parley RSS, PostgreSQL proportional set size (shared buffers counted once), Redis RSS. Per 1,000 users = the reading at the best passing step / (users / 1,000).`,
      `Open files: ${limit} per process here; a Parley process holds one per socket, so one process caps near ${limit - 500} users, two near ${2 * (limit - 500)}.`,
      ...(quick ? ['Quick mode: smaller steps, a short hold and a small history; not a capacity figure, a shape.'] : []),
      ...notes,
    ],
  };
}
