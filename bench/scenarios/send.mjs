// send: 1000 authenticated sockets in rooms of 10; `message:send` persisted with a seq,
// acked after commit and delivered to the 9 others. Parley against raw Socket.IO + pg.
import { parleyAgainstBaseline } from '../lib/chat.mjs';
import { ratio } from '../lib/steps.mjs';

const SOCKETS = 1000;
const ROOM_SIZE = 10;
const P99_BOUND_MS = 50;

export default {
  name: 'send',
  title: 'send: 1000 sockets in rooms of 10, message:send persisted, acked, delivered to the 9 others',
  target: `sustained messages/s with p99 <= ${P99_BOUND_MS} ms and no loss >= 0.75 x the persisted baseline; p99 <= 30 ms at 1000 messages/s`,
  async run({ adminUrl, quick, progress }) {
    const roomsOf = (i) => [Math.floor(i / ROOM_SIZE)];
    const search = {
      event: 'message',
      rates: quick ? (process.env.BENCH_RATES ?? '1000').split(',').map(Number) : [1000, 2000, 3000, 4000, 5000, 5500, 6000, 6500, 7000, 8000, 9000],
      always: [1000],
      durationMs: quick ? 2000 : 5000,
      senders: Array.from({ length: SOCKETS }, (_, i) => i),
      receiversPerEvent: ROOM_SIZE - 1,
      passes: (r) => r.latency.p99 !== null && r.latency.p99 <= P99_BOUND_MS && r.lost === 0 && r.ackErrors === 0,
      progress,
      warmRate: 200,
    };

    const { parleyRun, baseRun } = await parleyAgainstBaseline({
      adminUrl,
      name: 'send',
      count: SOCKETS,
      roomCount: SOCKETS / ROOM_SIZE,
      roomsOf,
      baseline: { file: 'socketio-pg.mjs', database: true },
      search,
    });

    const best = parleyRun.best?.rate ?? 0;
    const baseBest = baseRun.best?.rate ?? 0;
    const at1000 = parleyRun.steps.find((s) => s.rate === 1000);
    const reference = parleyRun.best ?? at1000;
    return {
      ...(process.env.BENCH_MESSAGE_FEATURES === '1'
        ? { notes: ['BENCH_MESSAGE_FEATURES=1: every message mentions a member of its room (resolved, stored, `mention` emitted).'] }
        : {}),
      unit: 'messages/s',
      bound: P99_BOUND_MS,
      parley: parleyRun,
      baseline: baseRun,
      latency: { parley: at1000?.latency, baseline: baseRun.steps.find((s) => s.rate === 1000)?.latency },
      latencyLabel: 'send-to-receive at 1000 messages/s',
      table: [
        {
          metric: `sustained messages/s (p99 <= ${P99_BOUND_MS} ms, no loss)`,
          parley: best,
          baseline: baseBest,
          ratio: ratio(best, baseBest),
          target: '>= 0.75',
          met: (ratio(best, baseBest) ?? 0) >= 0.75,
        },
        {
          metric: 'deliveries/s at that rate',
          parley: parleyRun.best?.deliveriesPerSecond ?? 0,
          baseline: baseRun.best?.deliveriesPerSecond ?? 0,
          ratio: ratio(parleyRun.best?.deliveriesPerSecond, baseRun.best?.deliveriesPerSecond),
        },
        {
          metric: 'p99 send-to-receive at 1000 messages/s (ms)',
          parley: at1000?.latency.p99 ?? null,
          baseline: baseRun.steps.find((s) => s.rate === 1000)?.latency.p99 ?? null,
          target: '<= 30 ms',
          met: (at1000?.latency.p99 ?? Infinity) <= 30,
        },
        {
          metric: 'p99 ack (after commit) at 1000 messages/s (ms)',
          parley: at1000?.ack.p99 ?? null,
          baseline: baseRun.steps.find((s) => s.rate === 1000)?.ack.p99 ?? null,
        },
        { metric: 'server CPU at the best rate (cores)', parley: reference?.cpu.server ?? null, baseline: baseRun.best?.cpu.server ?? null },
      ],
    };
  },
};
