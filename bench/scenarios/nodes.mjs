// nodes: two Parley processes sharing one database and one Redis (REDIS_URL: the Redis
// streams adapter carries broadcasts between them). Part 1, latency: 1000 users in rooms
// of 10, in each room 5 on node A (they send) and 5 on node B (they receive), one
// generator process per node, so the deliveries received on B are the cross-node ones.
// The same against two raw Socket.IO relays on the same adapter (socketio-relay.mjs with RELAY_REDIS_URL).
// Part 2, held sockets: as many authenticated sockets as one process may hold, on each
// node, and the resident memory each one costs.
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { baselineUsers } from '../lib/chat.mjs';
import { mergeHistograms, summarise } from '../lib/histogram.mjs';
import { cpuSeconds, createDatabase, postgresCpuSeconds, rssBytes, startBaseline, startParley, sumOverProcesses } from '../lib/infra.mjs';
import { startLoad, startLoads } from '../lib/load.mjs';
import { JWT_SECRET, seedRooms, seedUsers, settle, withClient } from '../lib/seed.mjs';
import { GENERATOR_BOUND, fmt, rateSearch, ratio } from '../lib/steps.mjs';

const ROOM_SIZE = 10;
/** Of each room of 10, members 0-4 connect to node A and send; 5-9 connect to node B and receive. */
const side = (i) => (i % ROOM_SIZE < ROOM_SIZE / 2 ? 0 : 1);
const LATENCY_USERS = 1000;
const P99_BOUND_MS = 50;
const AT = 1000;
/** Sockets one node should hold (2 x 19,000 over the pair; each process is capped by the open-files limit). */
const WANTED_PER_NODE = 19_000;
const HELD_ROOMS_EACH = 5;
const KB_BOUND = 24;
/**
 * Handshakes per second offered by each held-socket generator (4 in a full run: 800/s, more than
 * 2 cores complete with both nodes, PostgreSQL and Redis on them, about 530/s: the time to connect
 * is then the machine's capacity; bench/nodes-worker.mjs queues the backlog without polling).
 */
const HELD_RATE = 200;

export const fdLimit = () => Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim()) || Infinity;

/** CPU seconds of the Redis server process(es) on this machine (shared: other users' work counts too). */
export const redisCpuSeconds = () => sumOverProcesses('redis-server', cpuSeconds);

export async function redisReachable(url) {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 1500,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch {
    client.disconnect();
    return null;
  }
}

/** Deletes this run's keys (the prefix is unique to the run); never anything else. */
export async function dropKeys(redis, prefix) {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
}

const kb = (bytes) => (bytes === null || bytes === undefined ? null : bytes / 1024);

export default {
  name: 'nodes',
  title: 'nodes: two Parley nodes on one Redis, senders on node A and receivers on node B; sockets held across both',
  target: `cross-node send-to-receive p99 <= ${P99_BOUND_MS} ms at ${AT} messages/s with no loss; 2 x ${WANTED_PER_NODE.toLocaleString('en')} sockets held at <= ${KB_BOUND} KB RSS each`,
  async run({ adminUrl, quick, progress }) {
    const redisUrl = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
    const redis = await redisReachable(redisUrl);
    if (!redis) return skipped(redisUrl, progress);

    // One prefix per run: Parley's stream is `${prefix}:socket.io`, its presence and limits `${prefix}:...`.
    const prefix = `bench-nodes-${process.pid}-${Date.now().toString(36)}`;
    const env = { REDIS_URL: redisUrl, REDIS_KEY_PREFIX: prefix };
    const limit = fdLimit();
    const perNode = quick ? 1000 : Math.min(WANTED_PER_NODE, limit - 500);
    if (!quick && perNode < WANTED_PER_NODE)
      progress(`open-files limit here is ${limit}: holding ${perNode} sockets per node instead of ${WANTED_PER_NODE}`);
    const gensPerNode = quick ? 1 : Math.max(2, Math.ceil(perNode / (limit - 1000)));
    const durationMs = quick ? 2000 : 4000;
    const rates = quick ? [AT] : [500, 1000, 1500, 2000];
    const notes = [];

    /** Two servers: one after the other when the first must migrate the database, else together. */
    const startTwo = async (start, together) => {
      if (together) {
        const both = await Promise.allSettled([start(), start()]);
        const failed = both.find((r) => r.status === 'rejected');
        if (!failed) return both.map((r) => r.value);
        await Promise.all(both.filter((r) => r.status === 'fulfilled').map((r) => r.value.stop()));
        throw failed.reason;
      }
      const a = await start();
      try {
        return [a, await start()];
      } catch (error) {
        await a.stop();
        throw error;
      }
    };
    const startPair = async (together) => {
      const t = performance.now();
      const two = await startTwo(() => startParley({ databaseUrl, jwtSecret: JWT_SECRET, env }), together);
      progress(`Parley nodes A and B up in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      return two;
    };
    const stopPair = (pair) => Promise.all(pair.map((n) => n.stop()));

    const databaseUrl = await createDatabase(adminUrl, 'bench_nodes');
    let pair = null;
    try {
      // Node A first (it migrates the database), then B; then both populations are seeded.
      pair = await startPair(false);
      const heldTotal = 2 * perNode;
      const layers = Math.floor(heldTotal / ROOM_SIZE);
      const heldRoomsOf = (i) => Array.from({ length: HELD_ROOMS_EACH }, (_, j) => j * layers + Math.floor(((i + j * 3) % heldTotal) / ROOM_SIZE));
      const seeded = performance.now();
      const { latencyUsers, heldUsers } = await withClient(databaseUrl, async (db) => {
        const lu = await seedUsers(db, LATENCY_USERS, 'u');
        const lrooms = await seedRooms(
          db,
          Array.from({ length: LATENCY_USERS / ROOM_SIZE }, (_, r) => lu.slice(r * ROOM_SIZE, (r + 1) * ROOM_SIZE).map((u) => u.id)),
          'room',
        );
        const hu = await seedUsers(db, heldTotal, 'h');
        const members = Array.from({ length: layers * HELD_ROOMS_EACH }, () => []);
        hu.forEach((u, i) => heldRoomsOf(i).forEach((r) => members[r].push(u.id)));
        const hrooms = await seedRooms(db, members, 'held');
        await settle(db);
        return {
          latencyUsers: lu.map((u, i) => ({ userId: u.id, auth: { token: u.token }, rooms: [lrooms[Math.floor(i / ROOM_SIZE)]] })),
          heldUsers: hu.map((u, i) => ({ userId: u.id, auth: { token: u.token }, rooms: heldRoomsOf(i).map((r) => hrooms[r]) })),
        };
      });
      progress(`seeded ${LATENCY_USERS} + ${heldTotal} users in ${((performance.now() - seeded) / 1000).toFixed(1)} s; Redis prefix ${prefix}`);

      // Evidence for the shared-Redis isolation: the adapter's pub/sub channel is not under REDIS_KEY_PREFIX.
      const [, subscribers] = await redis.pubsub('NUMSUB', 'socket.io#/chat#');
      notes.push(
        `Redis isolation: with this run's 2 nodes up, \`PUBSUB NUMSUB socket.io#/chat#\` = ${subscribers} (the adapter's pub/sub channel, used by fetchSockets and its server count, is not under REDIS_KEY_PREFIX; any other Parley deployment on this Redis is counted too); the broadcasts' stream is \`${prefix}:socket.io\`, under the prefix.`,
      );

      // Part 2 first, on fresh nodes (so the memory reading is of the sockets alone).
      const held = await hold(pair, heldUsers, { gensPerNode, rate: quick ? 500 : HELD_RATE, progress });
      await stopPair(pair);
      pair = null;

      // Part 1 on a fresh pair (the database is migrated by now: both start at once).
      pair = await startPair(true);
      const senders = latencyUsers.map((_, i) => i).filter((i) => side(i) === 0);
      const search = { rates, durationMs, senders, progress };
      const parleyRun = await crossNode('parley', pair, latencyUsers, search);
      await stopPair(pair);
      pair = null;

      const streamName = `${prefix}-baseline:socket.io`;
      const baseEnv = { RELAY_REDIS_URL: redisUrl, RELAY_STREAM_NAME: streamName };
      const basePair = await startTwo(() => startBaseline('socketio-relay.mjs', baseEnv), true);
      let baseRun;
      try {
        baseRun = await crossNode(
          'baseline',
          basePair,
          baselineUsers(LATENCY_USERS, (i) => [Math.floor(i / ROOM_SIZE)]),
          search,
        );
      } finally {
        await stopPair(basePair);
      }

      return report({ parleyRun, baseRun, held, perNode, quick, limit, gensPerNode, durationMs, notes });
    } finally {
      if (pair) await stopPair(pair);
      await dropKeys(redis, prefix).catch(() => undefined);
      redis.disconnect();
    }
  },
};

/**
 * The latency part against one pair of servers: users connect to node A or B by their
 * place in the room, from generator process 0 (node A) or 1 (node B); senders are all on A.
 * A step's `latency` is the cross-node one (what process 1 received); `latencyAll` merges both.
 */
async function crossNode(label, nodes, users, { rates, durationMs, senders, progress }) {
  const load = startLoads(label, 2);
  try {
    const connected = await load.connect({ urlOf: (i) => nodes[side(i)].url, users, rate: 1000, assign: side });
    if (connected.failed) throw new Error(`${label}: ${connected.failed} sockets failed to connect ${JSON.stringify(connected.errors)}`);
    progress(
      `${label}: ${connected.connected} sockets connected in ${connected.seconds.toFixed(1)} s (${users.length / 2} on each node, one generator process per node)`,
    );
    const step = async (rate) => {
      const b0 = cpuSeconds(nodes[1].pid);
      const r0 = redisCpuSeconds();
      const t0 = performance.now();
      const r = await load.chatStep({ event: 'message', rate, durationMs, senders, receiversPerEvent: ROOM_SIZE - 1 });
      const seconds = (performance.now() - t0) / 1000;
      const [onA, onB] = r.parts;
      const crossExpected = r.sent * (ROOM_SIZE / 2);
      return {
        ...r,
        latency: onB.latency,
        latencyAll: r.latency,
        latencySameNode: onA.latency,
        crossExpected,
        crossDelivered: onB.delivered,
        crossLost: Math.max(0, crossExpected - onB.delivered),
        serverB: (cpuSeconds(nodes[1].pid) - b0) / seconds,
        redisCpu: (redisCpuSeconds() - r0) / seconds,
      };
    };
    await step(200); // warm-up: JIT, pools, prepared plans, the stream's reader
    const passes = (r) => r.latency.p99 !== null && r.latency.p99 <= P99_BOUND_MS && r.lost === 0 && r.crossLost === 0 && r.ackErrors === 0;
    const run = await rateSearch({ rates, always: [AT], serverPid: nodes[0].pid, step, passes, progress, label: `${label} cross-node` });
    for (const s of run.steps) {
      s.cpu = { ...s.cpu, serverA: s.cpu.server, serverB: s.serverB, server: s.cpu.server + s.serverB, redis: s.redisCpu };
      progress(
        `${label} @ ${s.rate}/s: cross-node p50/p99/max ${fmt(s.latency.p50)}/${fmt(s.latency.p99)}/${fmt(s.latency.max)} ms, same-node p99 ${fmt(s.latencySameNode.p99)} ms, ack p99 ${fmt(s.ack.p99)} ms; ` +
          `CPU A ${fmt(s.cpu.serverA * 100, 0)}% B ${fmt(s.cpu.serverB * 100, 0)}% pg ${fmt(s.cpu.postgres * 100, 0)}% redis ${fmt(s.cpu.redis * 100, 0)}% gen ${s.cpu.generators.map((g) => fmt(g * 100, 0)).join('+')}%`,
      );
    }
    return { ...run, connect: connected };
  } finally {
    load.stop();
  }
}

/** A held-socket generator process (bench/nodes-worker.mjs), called like a load generator. */
const startHolder = (name) => startLoad(name, 'bench/nodes-worker.mjs');

/**
 * The held-sockets part: each node's users (alternate users, so every room spans both
 * nodes) connected from `gensPerNode` generator processes of its own; resident memory
 * of each node before, and after all connected plus 3 s of quiet.
 */
async function hold(nodes, users, { gensPerNode, rate, progress }) {
  await sleep(1000);
  const before = nodes.map((n) => rssBytes(n.pid));
  const gens = nodes.flatMap((node, k) => {
    const mine = users.filter((_, i) => i % 2 === k);
    const share = Math.ceil(mine.length / gensPerNode);
    return Array.from({ length: gensPerNode }, (_, g) => ({
      node: k,
      users: mine.slice(g * share, (g + 1) * share),
      load: startHolder(`held-${k}-${g}`),
    }));
  });
  try {
    const cpu0 = nodes.map((n) => cpuSeconds(n.pid));
    const pg0 = postgresCpuSeconds();
    const r0 = redisCpuSeconds();
    const t0 = performance.now();
    const results = await Promise.all(gens.map((g) => g.load.call('connect', { url: nodes[g.node].url, users: g.users, rate, concurrency: 50 })));
    const wall = (performance.now() - t0) / 1000;
    const cpu = {
      nodes: nodes.map((n, k) => (cpuSeconds(n.pid) - cpu0[k]) / wall),
      postgres: (postgresCpuSeconds() - pg0) / wall,
      redis: (redisCpuSeconds() - r0) / wall,
      generators: results.map((r) => r.cpu),
    };
    await sleep(3000);
    const after = nodes.map((n) => rssBytes(n.pid));
    const still = await Promise.all(gens.map((g) => g.load.call('held', { ms: 200 })));
    const perNode = nodes.map((_, k) => {
      const mine = gens.map((g, j) => ({ g, r: results[j], s: still[j] })).filter((x) => x.g.node === k);
      const connected = mine.reduce((n, x) => n + x.r.connected, 0);
      return {
        connected,
        held: mine.reduce((n, x) => n + x.s.sockets, 0),
        failed: mine.reduce((n, x) => n + x.r.failed, 0),
        errors: Object.assign({}, ...mine.map((x) => x.r.errors)),
        seconds: Math.max(...mine.map((x) => x.r.seconds)),
        rssBeforeMiB: before[k] / 2 ** 20,
        rssAfterMiB: after[k] / 2 ** 20,
        bytesPerConnection: connected ? (after[k] - before[k]) / connected : null,
      };
    });
    perNode.forEach((n, k) =>
      progress(
        `held on node ${'AB'[k]}: ${n.held} held (${n.connected} connected, ${n.failed} failed) in ${n.seconds.toFixed(1)} s; RSS ${n.rssBeforeMiB.toFixed(0)} -> ${n.rssAfterMiB.toFixed(0)} MiB = ${fmt(kb(n.bytesPerConnection))} KB each`,
      ),
    );
    progress(
      `held: ${results.reduce((n, r) => n + r.connected, 0)} connected in ${wall.toFixed(1)} s (${rate * gens.length}/s offered); CPU during connect A ${fmt(cpu.nodes[0] * 100, 0)}% B ${fmt(cpu.nodes[1] * 100, 0)}% pg ${fmt(cpu.postgres * 100, 0)}% redis ${fmt(cpu.redis * 100, 0)}% generators ${cpu.generators.map((g) => fmt(g * 100, 0)).join(' + ')}%`,
    );
    return {
      nodes: perNode,
      held: perNode.reduce((n, x) => n + x.held, 0),
      failed: perNode.reduce((n, x) => n + x.failed, 0),
      seconds: wall,
      connectLatency: summarise(mergeHistograms(results.map((r) => r.latencyHdr))),
      offeredRate: rate * gens.length,
      cpu,
      generatorBound: Math.max(...cpu.generators) > GENERATOR_BOUND,
    };
  } finally {
    for (const g of gens) g.load.stop();
  }
}

function report({ parleyRun, baseRun, held, perNode, quick, limit, gensPerNode, durationMs, notes }) {
  const at = (run) => run.steps.find((s) => s.rate === AT);
  const p = at(parleyRun);
  const b = at(baseRun);
  const bound = (s) => s?.generatorBound;
  const latencyMet = !p ? false : bound(p) ? null : p.latency.p99 <= P99_BOUND_MS && p.lost === 0 && p.crossLost === 0 && p.ackErrors === 0;
  const [nodeA, nodeB] = held.nodes;
  const kbA = kb(nodeA.bytesPerConnection);
  const kbB = kb(nodeB.bytesPerConnection);
  const heldWanted = 2 * WANTED_PER_NODE;
  const best = parleyRun.best?.rate ?? 0;
  const baseBest = baseRun.best?.rate ?? 0;
  return {
    unit: 'messages/s',
    bound: P99_BOUND_MS,
    lossLabel: 'expected deliveries (same-node and cross-node) not received',
    parley: { steps: parleyRun.steps, best: parleyRun.best, connect: parleyRun.connect, held },
    baseline: { steps: baseRun.steps, best: baseRun.best, connect: baseRun.connect },
    latency: { parley: p?.latency, baseline: b?.latency },
    latencyLabel: `cross-node send-to-receive (sent on node A, received on node B) at ${AT} messages/s`,
    table: [
      {
        metric: `p99 cross-node send-to-receive at ${AT} messages/s (ms)`,
        parley: p?.latency.p99 ?? null,
        baseline: b?.latency.p99 ?? null,
        ratio: ratio(p?.latency.p99, b?.latency.p99),
        target: `<= ${P99_BOUND_MS} ms, no loss`,
        met: latencyMet,
        ...(latencyMet === null ? { why: 'generator-bound' } : {}),
      },
      {
        metric: `deliveries lost at ${AT} messages/s (cross-node of expected)`,
        parley: p ? `${p.lost} (${p.crossLost} of ${p.crossExpected})` : null,
        baseline: b ? `${b.lost} (${b.crossLost} of ${b.crossExpected})` : null,
        target: '0',
        met: p ? p.lost === 0 && p.crossLost === 0 : false,
      },
      {
        metric: `p99 same-node send-to-receive at ${AT} messages/s (ms)`,
        parley: p?.latencySameNode.p99 ?? null,
        baseline: b?.latencySameNode.p99 ?? null,
        ratio: ratio(p?.latencySameNode.p99, b?.latencySameNode.p99),
      },
      { metric: `p99 ack at ${AT} messages/s (ms)`, parley: p?.ack.p99 ?? null, baseline: b?.ack.p99 ?? null },
      {
        metric: `highest rate with cross-node p99 <= ${P99_BOUND_MS} ms, no loss (messages/s)`,
        parley: best,
        baseline: baseBest,
        ratio: ratio(best, baseBest),
      },
      {
        metric: `CPU of both nodes at ${AT} messages/s (cores; A + B)`,
        parley: p ? p.cpu.server : null,
        baseline: b ? b.cpu.server : null,
        ratio: ratio(p?.cpu.server, b?.cpu.server),
      },
      {
        metric: 'sockets held across the two nodes',
        parley: held.held,
        baseline: null,
        target: `2 x ${WANTED_PER_NODE}`,
        met: quick ? null : held.held >= heldWanted,
        ...(quick ? { why: `quick: 2 x ${perNode}` } : {}),
      },
      { metric: 'RSS per connection, node A (KB)', parley: kbA, baseline: null, target: `<= ${KB_BOUND} KB`, met: kbA !== null && kbA <= KB_BOUND },
      { metric: 'RSS per connection, node B (KB)', parley: kbB, baseline: null, target: `<= ${KB_BOUND} KB`, met: kbB !== null && kbB <= KB_BOUND },
      { metric: 'RSS with all connected, A / B (MiB)', parley: `${fmt(nodeA.rssAfterMiB, 0)} / ${fmt(nodeB.rssAfterMiB, 0)}`, baseline: null },
      {
        metric: `time to connect all (s; ${held.offeredRate}/s offered)`,
        parley: held.seconds,
        baseline: null,
        ...(held.generatorBound ? { met: null, why: 'generator-bound' } : {}),
      },
    ],
    notes: [
      ...notes,
      `Latency: ${LATENCY_USERS} users in rooms of ${ROOM_SIZE}; in each room 5 connect to node A and send, 5 to node B; each message is delivered to 4 on A (same-node) and 5 on B (cross-node, through Redis). ` +
        `One generator process per node, one shared epoch schedule; the step table's latency column is the cross-node one; steps of ${durationMs / 1000} s, open-loop. Server CPU is node A + node B.`,
      `Baseline: two raw Socket.IO relays (socketio-relay.mjs with RELAY_REDIS_URL) on the same @socket.io/redis-streams-adapter and Redis, no persistence, no auth.`,
      `Held: ${2 * perNode} users, each in ${HELD_ROOMS_EACH} rooms of ${ROOM_SIZE} (every room spans both nodes), alternate users to node A and node B, ${gensPerNode} generator process(es) per node (bench/nodes-worker.mjs) offering ${held.offeredRate} handshakes/s in all; achieved ${fmt(held.held / held.seconds, 0)}/s, handshake p50/p99 from due time ${fmt(held.connectLatency.p50)}/${fmt(held.connectLatency.p99)} ms. ` +
        `Memory is each node's resident set after all connected and 3 s of quiet, minus before (fresh nodes). Redis CPU is the shared Redis server's, whoever else uses it.`,
      ...(!quick && perNode < WANTED_PER_NODE
        ? [`This machine caps a process at ${limit} open files, so ${perNode} sockets per node is the most held here.`]
        : []),
      ...[...parleyRun.steps, ...baseRun.steps]
        .filter((s) => s.generatorBound)
        .map(
          (s) => `A step at ${s.rate}/s had a generator process above ${GENERATOR_BOUND * 100}% of a core: generator-bound, neither pass nor fail.`,
        ),
    ],
  };
}

function skipped(url, progress) {
  progress(`skipped: no Redis at ${url}`);
  const why = 'skipped: no Redis';
  return {
    unit: 'messages/s',
    parley: { steps: [] },
    baseline: { steps: [] },
    table: [
      {
        metric: `p99 cross-node send-to-receive at ${AT} messages/s (ms)`,
        parley: null,
        baseline: null,
        target: `<= ${P99_BOUND_MS} ms, no loss`,
        met: null,
        why,
      },
      { metric: 'sockets held across the two nodes', parley: null, baseline: null, target: `2 x ${WANTED_PER_NODE}`, met: null, why },
      { metric: 'RSS per connection (KB)', parley: null, baseline: null, target: `<= ${KB_BOUND} KB`, met: null, why },
    ],
    notes: [`skipped: no Redis at ${url} (set BENCH_REDIS_URL)`],
  };
}
