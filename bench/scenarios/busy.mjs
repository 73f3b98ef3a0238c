// busy member: a user in 1,000 rooms (each with history and unread messages). Socket
// connect-to-ready (the handshake joins every room), the first page of GET /rooms, a socket
// `sync` of 200 rooms and GET /users/me/unread, each at a steady open-loop rate; then the
// same four for a user in 100 rooms, with the SQL statements each request issues
// (pg_stat_statements) side by side: they should not grow with the rooms a user is in.
// Connect-to-ready is compared with raw Socket.IO joining the same 1,000 rooms.
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createDatabase, startBaseline, startParley, statementStats, trackStatements, withCpu } from '../lib/infra.mjs';
import { startLoad } from '../lib/load.mjs';
import { JWT_SECRET, seedMessages, seedRooms, seedUsers, settle, withClient } from '../lib/seed.mjs';
import { GENERATOR_BOUND, ratio } from '../lib/steps.mjs';

const BUSY_ROOMS = 1000;
const SMALL_ROOMS = 100;
/** Other members of each room (besides the measured user), taken in turn from a pool of OTHERS users. */
const ROOM_OTHERS = 4;
const OTHERS = 40;
const MESSAGES_PER_ROOM = 20;
/** The measured users have read up to here: of seqs 11..20, 6 are others' messages (unread), 4 their own. */
const LAST_READ_SEQ = 10;
const SYNC_ROOMS = 200; // MAX_SYNC_ROOMS, the most one `sync` may name
/** A `sync` cursor: the client holds every room up to here, so 5 messages per room come back. */
const SYNC_FROM_SEQ = 15;
const TARGETS = { connect: 50, rooms: 20, sync: 100, unread: 20 };
/** Steady rates (per second), well inside what two shared cores serve: latency targets, not a throughput search. */
const RATES = { connect: 40, rooms: 50, sync: 10, unread: 50 };
/** Requests per kind for the statement counts (a separate short burst after each timed step). */
const COUNT_N = { connect: 20, rooms: 20, sync: 10, unread: 20 };

/** A generator process running bench/busy-worker.mjs. */
const startWorker = (name) => startLoad(name, 'bench/busy-worker.mjs');

/** Seeds `count` rooms of `user` and ROOM_OTHERS others each, MESSAGES_PER_ROOM messages each, over a few connections at once. */
async function seedUserRooms(databaseUrl, db, user, others, count, prefix) {
  const memberLists = Array.from({ length: count }, (_, i) => [
    user.id,
    ...Array.from({ length: ROOM_OTHERS }, (_, j) => others[(i + j * 7) % others.length].id),
  ]);
  const roomIds = await seedRooms(db, memberLists, prefix);
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        const client = await pool.connect();
        try {
          for (let i = next++; i < roomIds.length; i = next++) {
            await seedMessages(client, roomIds[i], MESSAGES_PER_ROOM, [memberLists[i][1], memberLists[i][2], user.id]);
          }
        } finally {
          client.release();
        }
      }),
    );
  } finally {
    await pool.end();
  }
  await db.query(`UPDATE room_members SET last_read_seq = $2 WHERE user_id = $1`, [user.id, LAST_READ_SEQ]);
  return roomIds;
}

const OWN_STATS = /pg_stat_statements/i;

/** Statement texts Parley issues on its own while idle (the webhook worker's poll, say): not any request's. */
async function backgroundStatements(databaseUrl, ms) {
  await statementStats(databaseUrl, { reset: true });
  await sleep(ms);
  const rows = await statementStats(databaseUrl, { reset: true });
  return new Set(rows.filter((r) => !OWN_STATS.test(r.query)).map((r) => r.query));
}

/**
 * SQL statements per request: reset, `n` requests, read; our own stat queries and Parley's
 * idle ones left out. `work(inside)` calls `inside(run)` around just the requests (not its setup).
 */
async function statementsPer(databaseUrl, background, n, work) {
  let rows;
  const result = await work(async (requests) => {
    await statementStats(databaseUrl, { reset: true });
    const r = await requests();
    rows = (await statementStats(databaseUrl)).filter((row) => !OWN_STATS.test(row.query) && !background.has(row.query));
    return r;
  });
  const calls = rows.reduce((sum, r) => sum + r.calls, 0);
  return {
    perRequest: calls / n,
    requests: n,
    failed: result.errors,
    statements: rows
      .sort((a, b) => b.calls - a.calls)
      .map((r) => ({ perRequest: r.calls / n, msPerRequest: r.ms / n, query: r.query.length > 160 ? `${r.query.slice(0, 160)}...` : r.query })),
  };
}

export default {
  name: 'busy',
  title: 'busy member: a user in 1,000 rooms with history and unread; connect, room list, sync of 200 rooms, unread counts',
  target: `connect-to-ready p99 <= ${TARGETS.connect} ms; GET /rooms first page p99 <= ${TARGETS.rooms} ms; sync of ${SYNC_ROOMS} rooms p99 <= ${TARGETS.sync} ms; GET /users/me/unread p99 <= ${TARGETS.unread} ms; SQL statements per request do not grow with the rooms a user is in`,
  async run({ adminUrl, quick, progress }) {
    const busyMs = quick ? 1000 : 5000;
    const smallMs = quick ? 600 : 3000;
    const countN = quick ? { connect: 10, rooms: 10, sync: 5, unread: 10 } : COUNT_N;
    const databaseUrl = await createDatabase(adminUrl, 'bench_busy');
    await trackStatements(databaseUrl); // before Parley opens its pool, so its sessions are tracked
    const parley = await startParley({ databaseUrl, jwtSecret: JWT_SECRET });
    const worker = startWorker('busy');
    const measured = {};
    const counts = {};
    let busyUser;
    let busyRoomIds;
    try {
      const t = performance.now();
      const users = await withClient(databaseUrl, async (db) => {
        const [busy, small, ...others] = await seedUsers(db, 2 + OTHERS);
        const busyRooms = await seedUserRooms(databaseUrl, db, busy, others, BUSY_ROOMS, 'busy room');
        const smallRooms = await seedUserRooms(databaseUrl, db, small, others, SMALL_ROOMS, 'small room');
        await settle(db);
        return [
          { label: '1000', rooms: BUSY_ROOMS, user: busy, roomIds: busyRooms, ms: busyMs },
          { label: '100', rooms: SMALL_ROOMS, user: small, roomIds: smallRooms, ms: smallMs },
        ];
      });
      [busyUser, busyRoomIds] = [users[0].user, users[0].roomIds];
      const total = (BUSY_ROOMS + SMALL_ROOMS) * MESSAGES_PER_ROOM;
      progress(
        `seeded ${BUSY_ROOMS} + ${SMALL_ROOMS} rooms, ${total.toLocaleString('en')} messages in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );

      const syncPayloads = (roomIds) => {
        const size = Math.min(SYNC_ROOMS, roomIds.length);
        return Array.from({ length: Math.floor(roomIds.length / size) }, (_, w) => ({
          rooms: Object.fromEntries(roomIds.slice(w * size, (w + 1) * size).map((id) => [id, SYNC_FROM_SEQ])),
        }));
      };
      const kinds = {
        connect: (u, rate, n, inside = (f) => f()) =>
          inside(() => worker.call('connectLoop', { url: parley.url, auth: { token: u.user.token }, n, rate })),
        rooms: (u, rate, n, inside = (f) => f()) =>
          inside(() =>
            worker.call('httpStep', {
              url: parley.url,
              paths: ['/api/v1/rooms'],
              headers: { authorization: `Bearer ${u.user.token}` },
              rate,
              durationMs: (n * 1000) / rate,
            }),
          ),
        // Its sockets are opened before and closed after the requests (outside `inside`: not timed, not counted).
        sync: async (u, rate, n, inside = (f) => f()) => {
          const handle = await worker.call('openSockets', { url: parley.url, auth: { token: u.user.token }, count: 2 });
          try {
            return await inside(() => worker.call('syncStep', { handle, payloads: syncPayloads(u.roomIds), rate, durationMs: (n * 1000) / rate }));
          } finally {
            await worker.call('closeSockets', { handle });
          }
        },
        unread: (u, rate, n, inside = (f) => f()) =>
          inside(() =>
            worker.call('httpStep', {
              url: parley.url,
              paths: ['/api/v1/users/me/unread'],
              headers: { authorization: `Bearer ${u.user.token}` },
              rate,
              durationMs: (n * 1000) / rate,
            }),
          ),
      };

      // Warm-up (JIT, pools, caches) on the busy user, every kind, unmeasured.
      for (const [kind, run] of Object.entries(kinds))
        await run(users[0], RATES[kind], Math.max(5, Math.round((RATES[kind] * (quick ? 500 : 1500)) / 1000)));
      const background = await backgroundStatements(databaseUrl, quick ? 700 : 2000);
      progress(`warmed up; ${background.size} statement(s) Parley runs on its own while idle, left out of the counts`);

      for (const u of users) {
        measured[u.label] = {};
        counts[u.label] = {};
        for (const [kind, run] of Object.entries(kinds)) {
          const n = Math.max(1, Math.round((RATES[kind] * u.ms) / 1000));
          await sleep(250); // the statement-reading connections' backends gone, so they do not skew PostgreSQL's CPU reading
          const { result, cpu } = await run(u, RATES[kind], n, (requests) => withCpu(parley.pid, requests));
          const generatorBound = result.cpu > GENERATOR_BOUND;
          measured[u.label][kind] = { ...result, generatorBound, cpu: { ...cpu, generator: result.cpu } };
          const c = await statementsPer(databaseUrl, background, countN[kind], (inside) => run(u, RATES[kind], countN[kind], inside));
          counts[u.label][kind] = c;
          progress(
            `${u.rooms} rooms, ${kind} @ ${RATES[kind]}/s x ${n}: p99 ${result.latency.p99} ms (p50 ${result.latency.p50}), ${result.errors} errors${result.errors ? ` ${JSON.stringify(result.statuses)}` : ''}; ` +
              `server ${(cpu.server * 100).toFixed(0)}%, postgres ${(cpu.postgres * 100).toFixed(0)}%, generator ${(result.cpu * 100).toFixed(0)}%${generatorBound ? ' (generator-bound)' : ''}; ` +
              `${c.perRequest.toFixed(1)} SQL statements per request`,
          );
        }
      }
    } finally {
      worker.stop();
      await parley.stop();
    }

    // Baseline: raw Socket.IO whose handshake joins the same 1,000 rooms (named by the client).
    const baseline = await startBaseline('socketio-relay.mjs');
    const baseWorker = startWorker('busy-baseline');
    let baseConnect;
    try {
      const auth = { user_id: busyUser.id, username: busyUser.username, rooms: busyRoomIds };
      await baseWorker.call('connectLoop', { url: baseline.url, auth, n: quick ? 10 : 40, rate: RATES.connect }); // warm-up
      const n = Math.round((RATES.connect * busyMs) / 1000);
      const { result, cpu } = await withCpu(baseline.pid, () => baseWorker.call('connectLoop', { url: baseline.url, auth, n, rate: RATES.connect }));
      baseConnect = { ...result, generatorBound: result.cpu > GENERATOR_BOUND, cpu: { ...cpu, generator: result.cpu } };
      progress(
        `baseline connect @ ${RATES.connect}/s x ${n}: p99 ${result.latency.p99} ms (p50 ${result.latency.p50}), ${result.errors} errors; server ${(cpu.server * 100).toFixed(0)}%, generator ${(result.cpu * 100).toFixed(0)}%`,
      );
    } finally {
      baseWorker.stop();
      await baseline.stop();
    }

    const big = measured['1000'];
    const small = measured['100'];
    const p99 = (m) => m.latency.p99;
    const meets = (m, bound) => m.errors === 0 && p99(m) !== null && p99(m) <= bound;
    const LABELS = {
      connect: 'socket connect-to-ready',
      rooms: 'GET /api/v1/rooms first page',
      sync: `socket sync (${SYNC_ROOMS} rooms; 100 for the 100-room user)`,
      unread: 'GET /api/v1/users/me/unread',
    };
    const table = [
      {
        metric: `${LABELS.connect} p99, 1,000 rooms (ms)`,
        parley: p99(big.connect),
        baseline: p99(baseConnect),
        ratio: ratio(p99(big.connect), p99(baseConnect)),
        target: `<= ${TARGETS.connect} ms`,
        met: meets(big.connect, TARGETS.connect),
      },
      ...['rooms', 'sync', 'unread'].map((kind) => ({
        metric: `${LABELS[kind]} p99, 1,000 rooms (ms)`,
        parley: p99(big[kind]),
        baseline: null,
        target: `<= ${TARGETS[kind]} ms`,
        met: meets(big[kind], TARGETS[kind]),
      })),
      ...['connect', 'rooms', 'sync', 'unread'].map((kind) => ({
        metric: `${LABELS[kind]} p99, 100 rooms (ms)`,
        parley: p99(small[kind]),
        baseline: null,
      })),
      ...['connect', 'rooms', 'sync', 'unread'].map((kind) => {
        const [a, b] = [counts['1000'][kind].perRequest, counts['100'][kind].perRequest];
        return {
          metric: `SQL statements per ${kind === 'connect' ? 'connect + close' : kind === 'sync' ? 'sync' : 'request'}: ${LABELS[kind]} (1,000 rooms vs 100 rooms)`,
          parley: a,
          baseline: b,
          ratio: ratio(a, b),
          target: 'same at 100 and 1,000 rooms',
          met: b > 0 && a / b <= 1.1,
        };
      }),
      {
        metric: 'SQL statements per synced room (200-room sync vs 100-room sync)',
        parley: counts['1000'].sync.perRequest / big.sync.roomsPerSync,
        baseline: counts['100'].sync.perRequest / small.sync.roomsPerSync,
        ratio: ratio(counts['1000'].sync.perRequest / big.sync.roomsPerSync, counts['100'].sync.perRequest / small.sync.roomsPerSync),
      },
    ];
    const bound = [
      ...Object.entries(big).map(([kind, m]) => [`1,000 rooms ${kind}`, m]),
      ...Object.entries(small).map(([kind, m]) => [`100 rooms ${kind}`, m]),
      ['baseline connect', baseConnect],
    ].filter(([, m]) => m.generatorBound);
    const cpuLine = (label, m) =>
      `${label}: server ${(m.cpu.server * 100).toFixed(0)}%, PostgreSQL ${(m.cpu.postgres * 100).toFixed(0)}%, generator ${(m.cpu.generator * 100).toFixed(0)}%`;
    return {
      unit: 'requests/s',
      parley: { steps: [], measured, statementCounts: counts },
      baseline: { steps: [], connect: baseConnect },
      latency: { parley: big.connect.latency, baseline: baseConnect.latency },
      latencyLabel: `connect-to-ready of a user in 1,000 rooms at ${RATES.connect} handshakes/s`,
      table,
      notes: [
        `Seed: a user in ${BUSY_ROOMS} rooms and a user in ${SMALL_ROOMS} rooms, each room with ${ROOM_OTHERS} other members and ${MESSAGES_PER_ROOM} messages (every third by the measured user), read up to seq ${LAST_READ_SEQ} (so 6 unread per room: the others' messages after it). Each measurement is open-loop at a steady rate (latency from due time): connect ${RATES.connect}/s, GET /rooms ${RATES.rooms}/s, sync ${RATES.sync}/s, unread ${RATES.unread}/s, for ${busyMs / 1000} s (1,000 rooms) and ${smallMs / 1000} s (100 rooms).`,
        `Connect-to-ready: a new socket of the user (auth.token, websocket) to its \`connect\` event; Parley joins every room of the user in the handshake middleware and sends no later ready event, so \`connect\` is the ready point. Each socket is closed once ready (so each is the user's only one: presence online/offline and last_seen_at are part of the cost). Baseline: raw Socket.IO (socketio-relay.mjs) joining the same ${BUSY_ROOMS} room ids, sent by the client in the handshake (no auth, no database).`,
        `Sync: ${SYNC_ROOMS} rooms per request (the most one sync may name; rotating over the user's rooms), each from seq ${SYNC_FROM_SEQ}, so ${MESSAGES_PER_ROOM - SYNC_FROM_SEQ} messages per room come back (${big.sync.messagesPerSync ?? '-'} per ack); the 100-room user syncs all its ${SMALL_ROOMS} rooms.`,
        'GET /rooms, sync and GET /users/me/unread have no bare equivalent here: their rows are absolute targets (baseline column empty).',
        `SQL statements: pg_stat_statements over a separate burst of ${countN.rooms} requests (${countN.sync} syncs, ${countN.connect} connect + close) after each timed step, divided by the requests; statements of the reading connection and those Parley runs on its own while idle are left out. In the statement rows the "baseline" column is the 100-room user's count and "ratio" is 1,000 rooms / 100 rooms. A sync names its rooms, so its count is also given per synced room.`,
        `CPU per step (share of one core; PostgreSQL is every postgres process on the machine). ${['connect', 'rooms', 'sync', 'unread'].map((k) => cpuLine(`1,000 rooms ${k}`, big[k])).join('; ')}; ${['connect', 'rooms', 'sync', 'unread'].map((k) => cpuLine(`100 rooms ${k}`, small[k])).join('; ')}; ${cpuLine('baseline connect', baseConnect)}.`,
        bound.length
          ? `generator-bound (generator process above ${GENERATOR_BOUND * 100}% of a core): ${bound.map(([l]) => l).join(', ')}.`
          : `No step was generator-bound (the generator stayed below ${GENERATOR_BOUND * 100}% of a core).`,
      ],
    };
  },
};
