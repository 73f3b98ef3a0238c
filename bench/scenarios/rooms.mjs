// room list: GET /rooms for a user in 200 rooms, a page of 20 with counts, last message and
// unread; Parley against a raw Express + pg handler running the same SQL on the same data.
import { createDatabase, startBaseline, startParley } from '../lib/infra.mjs';
import { startLoad } from '../lib/load.mjs';
import { JWT_SECRET, seedMessages, seedRooms, seedUsers, settle, withClient } from '../lib/seed.mjs';
import { rateSearch, ratio } from '../lib/steps.mjs';

const ROOMS = 200;
const P99_BOUND_MS = 50;

export default {
  name: 'rooms',
  title: 'room list: GET /rooms for a user in 200 rooms, page of 20 with counts, last message and unread',
  target: `requests/s at p99 <= ${P99_BOUND_MS} ms >= 0.8 x a raw Express + pg handler running the same SQL`,
  async run({ adminUrl, quick, progress }) {
    const rates = quick ? [150] : [100, 150, 200, 250, 300, 350, 400, 500, 600, 800];
    const durationMs = quick ? 2000 : 3000;
    const passes = (r) => r.errors === 0 && r.latency.p99 !== null && r.latency.p99 <= P99_BOUND_MS;
    const databaseUrl = await createDatabase(adminUrl, 'bench_rooms');
    const parley = await startParley({ databaseUrl, jwtSecret: JWT_SECRET });
    let parleyRun;
    let baseRun;
    let user;
    try {
      user = await withClient(databaseUrl, async (db) => {
        const users = await seedUsers(db, 21);
        const [me, ...others] = users;
        const roomIds = await seedRooms(
          db,
          Array.from({ length: ROOMS }, (_, i) => [me.id, ...others.filter((_, j) => (i + j) % 5 === 0).map((u) => u.id)]),
        );
        for (const [i, roomId] of roomIds.entries()) await seedMessages(db, roomId, 20 + (i % 30), [others[i % others.length].id, me.id]);
        await db.query(`UPDATE room_members SET last_read_seq = 10 WHERE user_id = $1`, [me.id]);
        await settle(db);
        return me;
      });
      const load = startLoad('rooms');
      try {
        const headers = [{ authorization: `Bearer ${user.token}` }];
        const step = (url, path, hdrs) => (rate) => load.call('httpStep', { url, paths: [path], headers: hdrs, rate, durationMs });
        await step(parley.url, '/api/v1/rooms?page_size=20', headers)(rates[0]); // warm-up
        parleyRun = await rateSearch({
          rates,
          serverPid: parley.pid,
          step: step(parley.url, '/api/v1/rooms?page_size=20', headers),
          passes,
          progress,
          label: 'parley',
        });
      } finally {
        load.stop();
      }
    } finally {
      await parley.stop();
    }
    const baseline = await startBaseline('express-pg-rooms.mjs', { DATABASE_URL: databaseUrl });
    const load = startLoad('rooms-baseline');
    try {
      const path = `/rooms?user_id=${user.id}&page_size=20`;
      const step = (rate) => load.call('httpStep', { url: baseline.url, paths: [path], rate, durationMs });
      await step(rates[0]); // warm-up
      baseRun = await rateSearch({ rates, serverPid: baseline.pid, step, passes, progress, label: 'baseline' });
    } finally {
      load.stop();
      await baseline.stop();
    }
    const best = parleyRun.best?.rate ?? 0;
    const baseBest = baseRun.best?.rate ?? 0;
    return {
      unit: 'requests/s',
      bound: P99_BOUND_MS,
      parley: parleyRun,
      baseline: baseRun,
      latency: { parley: parleyRun.best?.latency, baseline: baseRun.steps.find((s) => s.rate === parleyRun.best?.rate)?.latency },
      latencyLabel: "both at Parley's best passing rate",
      lossLabel: 'failed requests',
      table: [
        {
          metric: `requests/s at p99 <= ${P99_BOUND_MS} ms`,
          parley: best,
          baseline: baseBest,
          ratio: ratio(best, baseBest),
          target: '>= 0.8',
          met: (ratio(best, baseBest) ?? 0) >= 0.8,
        },
        { metric: 'p99 at that rate (ms)', parley: parleyRun.best?.latency.p99 ?? null, baseline: baseRun.best?.latency.p99 ?? null },
      ],
      notes: [
        'Parley also authenticates every request (token and live-session check, one query) and validates the query; the baseline does neither.',
      ],
    };
  },
};
