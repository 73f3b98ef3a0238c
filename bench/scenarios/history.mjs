// history: one room with 1,000,000 messages; pages of 50 at the newest, middle and oldest
// point over HTTP, against the same keyset SQL run alone on `pg`.
import { createDatabase, startParley, withCpu } from '../lib/infra.mjs';
import { startLoad } from '../lib/load.mjs';
import { JWT_SECRET, seedAttachments, seedMessages, seedRooms, seedUsers, settle, withClient } from '../lib/seed.mjs';
import { ratio } from '../lib/steps.mjs';

const P99_BOUND_MS = 20;
const RATE = 200;
/** BENCH_MESSAGE_FEATURES=1: every message carries reactions and a mention (see seedMessages). */
const FEATURES = process.env.BENCH_MESSAGE_FEATURES === '1';

export default {
  name: 'history',
  title: 'history: a room of 1,000,000 messages, pages of 50 at the newest, middle and oldest point',
  target: `HTTP p99 <= ${P99_BOUND_MS} ms at every depth; the deepest page within 1.5 x the newest`,
  async run({ adminUrl, quick, progress }) {
    const total = quick ? 20_000 : 1_000_000;
    // 2,000 requests per depth in a full run, so one scheduling or GC stall of a few tens of ms
    // (this box runs server, PostgreSQL and generator on two cores) shows in p99.9, not in p99 alone.
    const durationMs = quick ? 2000 : 10_000;
    const sqlDurationMs = durationMs; // the same window as HTTP, so both sides meet the same share of the machine's stalls
    const databaseUrl = await createDatabase(adminUrl, 'bench_history');
    const parley = await startParley({ databaseUrl, jwtSecret: JWT_SECRET });
    const load = startLoad('history');
    try {
      const t = performance.now();
      const { token, roomId } = await withClient(databaseUrl, async (db) => {
        const users = await seedUsers(db, 2);
        const [room] = await seedRooms(db, [users.map((u) => u.id)]);
        await seedMessages(
          db,
          room,
          total,
          users.map((u) => u.id),
          { features: FEATURES },
        );
        await seedAttachments(db, room, users[0].id); // every 5th message carries a file
        await settle(db, 'messages');
        await settle(db, 'uploads');
        return { token: users[0].token, roomId: room };
      });
      progress(
        `seeded ${total.toLocaleString('en')} messages${FEATURES ? ' with reactions and mentions' : ''} in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
      const depths = [
        { name: 'newest', before: null },
        { name: 'middle', before: Math.floor(total / 2) },
        { name: 'oldest', before: 51 },
      ];
      const headers = [{ authorization: `Bearer ${token}` }];
      const rows = [];
      const pathAt = (depth) => `/api/v1/rooms/${roomId}/messages?limit=50${depth.before ? `&before=${depth.before}` : ''}`;
      // Warm-up over all three depths before any is measured: the server has just sat idle through
      // the seeding, so its first seconds of traffic pay for JIT compilation and heap growth, which
      // would otherwise land on whichever depth is measured first.
      await load.call('httpStep', { url: parley.url, paths: depths.map(pathAt), headers, rate: RATE, durationMs: quick ? 1000 : 4000 });
      for (const depth of depths) {
        const path = pathAt(depth);
        await load.call('httpStep', { url: parley.url, paths: [path], headers, rate: RATE, durationMs: quick ? 500 : 1000 }); // this depth's pages in cache
        const http = await withCpu(parley.pid, () => load.call('httpStep', { url: parley.url, paths: [path], headers, rate: RATE, durationMs }));
        const sql = await withCpu(parley.pid, () =>
          load.call('sqlStep', { databaseUrl, queries: [{ roomId, before: depth.before, limit: 50 }], rate: RATE, durationMs: sqlDurationMs }),
        );
        progress(`${depth.name}: HTTP p99 ${http.result.latency.p99} ms (${http.result.errors} errors), SQL alone p99 ${sql.result.latency.p99} ms`);
        rows.push({
          depth: depth.name,
          http: { ...http.result, cpu: { ...http.cpu, generator: http.result.cpu } },
          sql: { ...sql.result, cpu: { ...sql.cpu, generator: sql.result.cpu } },
        });
      }
      const p99 = (name, side) => rows.find((r) => r.depth === name)[side].latency.p99;
      const table = rows.map((r) => ({
        metric: `p99 ${r.depth} page (ms)`,
        parley: r.http.latency.p99,
        baseline: r.sql.latency.p99,
        ratio: ratio(r.http.latency.p99, r.sql.latency.p99),
        target: `<= ${P99_BOUND_MS} ms`,
        met: r.http.errors === 0 && r.http.latency.p99 <= P99_BOUND_MS,
      }));
      table.push({
        metric: 'oldest p99 / newest p99',
        parley: ratio(p99('oldest', 'http'), p99('newest', 'http')),
        baseline: ratio(p99('oldest', 'sql'), p99('newest', 'sql')),
        target: '<= 1.5',
        met: ratio(p99('oldest', 'http'), p99('newest', 'http')) <= 1.5,
      });
      return {
        unit: 'requests/s',
        depths: rows,
        latency: { parley: rows[2].http.latency, baseline: rows[2].sql.latency },
        latencyLabel: `oldest page at ${RATE} requests/s: HTTP vs keyset SQL alone`,
        table,
        notes: [
          `${total.toLocaleString('en')} messages${FEATURES ? ' (each with two reactions and a mention; the reader reacted to every tenth)' : ''}; ${RATE} requests/s open-loop at each depth for ${durationMs / 1000} s (the SQL alone for ${sqlDurationMs / 1000} s); the baseline is the same keyset query (senders joined) on \`pg\` with no HTTP, auth or mapping.`,
        ],
      };
    } finally {
      load.stop();
      await parley.stop();
    }
  },
};
