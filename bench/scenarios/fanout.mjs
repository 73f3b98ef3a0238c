// fanout: one room of 1000 members; each message (persisted, for Parley) reaches 999 sockets.
import { baselineUsers, chatRateSearch, seedParleyUsers } from '../lib/chat.mjs';
import { createDatabase, startBaseline, startParley } from '../lib/infra.mjs';
import { JWT_SECRET } from '../lib/seed.mjs';
import { ratio } from '../lib/steps.mjs';

const MEMBERS = 1000;
const P99_BOUND_MS = 100;

export default {
  name: 'fanout',
  title: 'fanout: one room of 1000 members, every message delivered to 999 sockets',
  target: `deliveries/s at p99 <= ${P99_BOUND_MS} ms >= 0.8 x raw Socket.IO`,
  async run({ adminUrl, quick, progress }) {
    const roomsOf = () => [0];
    const search = {
      event: 'message',
      rates: quick ? [10] : [5, 10, 15, 20, 30, 40, 60],
      durationMs: quick ? 2000 : 5000,
      senders: Array.from({ length: 10 }, (_, i) => i),
      receiversPerEvent: MEMBERS - 1,
      passes: (r) => r.latency.p99 !== null && r.latency.p99 <= P99_BOUND_MS && r.lost === 0 && r.ackErrors === 0,
      progress,
      warmRate: 2,
    };
    const parleyDb = await createDatabase(adminUrl, 'bench_fanout');
    const parley = await startParley({ databaseUrl: parleyDb, jwtSecret: JWT_SECRET });
    let parleyRun;
    try {
      parleyRun = await chatRateSearch({ ...search, label: 'parley', server: parley, users: await seedParleyUsers(parleyDb, MEMBERS, 1, roomsOf) });
    } finally {
      await parley.stop();
    }
    const baseline = await startBaseline('socketio-relay.mjs');
    let baseRun;
    try {
      baseRun = await chatRateSearch({ ...search, label: 'baseline', server: baseline, users: baselineUsers(MEMBERS, roomsOf) });
    } finally {
      await baseline.stop();
    }
    const best = parleyRun.best?.deliveriesPerSecond ?? 0;
    const baseBest = baseRun.best?.deliveriesPerSecond ?? 0;
    return {
      unit: 'messages/s into the room',
      bound: P99_BOUND_MS,
      parley: parleyRun,
      baseline: baseRun,
      latency: { parley: parleyRun.best?.latency ?? parleyRun.steps[0]?.latency, baseline: baseRun.best?.latency },
      latencyLabel: 'send-to-receive at each side\'s best passing rate',
      table: [
        { metric: `deliveries/s (p99 <= ${P99_BOUND_MS} ms, no loss)`, parley: best, baseline: baseBest, ratio: ratio(best, baseBest), target: '>= 0.8', met: (ratio(best, baseBest) ?? 0) >= 0.8 },
        { metric: 'messages/s into the room at that point', parley: parleyRun.best?.rate ?? 0, baseline: baseRun.best?.rate ?? 0, ratio: ratio(parleyRun.best?.rate, baseRun.best?.rate) },
        { metric: 'p99 at that point (ms)', parley: parleyRun.best?.latency.p99 ?? null, baseline: baseRun.best?.latency.p99 ?? null },
      ],
      notes: ['Parley persists every message (seq, commit) before fanning it out; the raw baseline keeps nothing.'],
    };
  },
};
