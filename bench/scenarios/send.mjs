// send: 1000 authenticated sockets in rooms of 10; `message:send` persisted with a seq,
// acked after commit and delivered to the 9 others. Parley against raw Socket.IO + pg.
import { createDatabase, startBaseline, startParley } from '../lib/infra.mjs';
import { startLoad } from '../lib/load.mjs';
import { chunk, JWT_SECRET, seedRooms, seedUsers, withClient } from '../lib/seed.mjs';
import { rateSearch, ratio } from '../lib/steps.mjs';

const ROOM_SIZE = 10;
const P99_BOUND_MS = 50;

export default {
  name: 'send',
  title: 'send: 1000 sockets in rooms of 10, message:send persisted, acked, delivered to 9',
  target: `sustained msgs/s with p99 <= ${P99_BOUND_MS} ms and no loss >= 0.75 x persisted baseline; p99 <= 30 ms at 1000 msgs/s`,
  async run({ adminUrl, quick, progress }) {
    const sockets = 1000;
    const rates = quick ? [500, 1000] : [400, 800, 1000, 1200, 1400, 1700, 2000, 2400];
    const durationMs = quick ? 2500 : 6000;
    const passes = (r) => r.latency.p99 !== null && r.latency.p99 <= P99_BOUND_MS && r.lost === 0 && r.ackErrors === 0;

    async function measure(label, server, users) {
      const load = startLoad(label);
      try {
        const connected = await load.call('connect', { url: server.url, users, rate: 1000 });
        if (connected.failed) throw new Error(`${label}: ${connected.failed} sockets failed to connect ${JSON.stringify(connected.errors)}`);
        progress(`${label}: ${connected.connected} sockets connected in ${connected.seconds.toFixed(1)} s`);
        const senders = users.map((_, i) => i);
        const step = (rate) => load.call('chatStep', { event: 'message', rate, durationMs, senders, receiversPerEvent: ROOM_SIZE - 1 });
        await step(200); // warm-up: JIT, pools, prepared plans
        return await rateSearch({ rates, always: [1000], serverPid: server.pid, step, passes, progress, label });
      } finally {
        load.stop();
      }
    }

    const parleyDb = await createDatabase(adminUrl, 'bench_send');
    const parley = await startParley({ databaseUrl: parleyDb, jwtSecret: JWT_SECRET });
    let parleyRun;
    try {
      const users = await withClient(parleyDb, async (db) => {
        const seeded = await seedUsers(db, sockets);
        const roomIds = await seedRooms(db, chunk(seeded.map((u) => u.id), ROOM_SIZE));
        return seeded.map((u, i) => ({ userId: u.id, auth: { token: u.token }, rooms: [roomIds[Math.floor(i / ROOM_SIZE)]] }));
      });
      parleyRun = await measure('parley', parley, users);
    } finally {
      await parley.stop();
    }

    const baseDb = await createDatabase(adminUrl, 'bench_send_baseline');
    const baseline = await startBaseline('socketio-pg.mjs', { DATABASE_URL: baseDb });
    let baseRun;
    try {
      const users = Array.from({ length: sockets }, (_, i) => {
        const userId = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
        const room = `00000000-0000-4000-9000-${String(Math.floor(i / ROOM_SIZE)).padStart(12, '0')}`;
        return { userId, auth: { user_id: userId, rooms: [room] }, rooms: [room] };
      });
      baseRun = await measure('baseline', baseline, users);
    } finally {
      await baseline.stop();
    }

    const at1000 = parleyRun.steps.find((s) => s.rate === 1000);
    const best = parleyRun.best?.rate ?? 0;
    const baseBest = baseRun.best?.rate ?? 0;
    return {
      unit: 'messages/s',
      parley: parleyRun,
      baseline: baseRun,
      table: [
        { metric: `sustained messages/s (p99 <= ${P99_BOUND_MS} ms, no loss)`, parley: best, baseline: baseBest, ratio: ratio(best, baseBest), target: '>= 0.75', met: ratio(best, baseBest) >= 0.75 },
        { metric: 'deliveries/s at that rate', parley: parleyRun.best?.deliveriesPerSecond ?? 0, baseline: baseRun.best?.deliveriesPerSecond ?? 0, ratio: ratio(parleyRun.best?.deliveriesPerSecond, baseRun.best?.deliveriesPerSecond) },
        { metric: 'p99 send-to-receive at 1000 msgs/s (ms)', parley: at1000?.latency.p99 ?? null, baseline: baseRun.steps.find((s) => s.rate === 1000)?.latency.p99 ?? null, target: '<= 30 ms', met: (at1000?.latency.p99 ?? Infinity) <= 30 },
      ],
    };
  },
};
