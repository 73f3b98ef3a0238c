// fanout: one room of 1000 members; each message (persisted, for Parley) reaches 999 sockets.
import { parleyAgainstBaseline } from '../lib/chat.mjs';
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
      rates: quick ? [20] : [10, 20, 30, 40, 50, 60, 70, 80, 100, 130],
      durationMs: quick ? 2000 : 4000,
      senders: Array.from({ length: 10 }, (_, i) => i),
      receiversPerEvent: MEMBERS - 1,
      passes: (r) => r.latency.p99 !== null && r.latency.p99 <= P99_BOUND_MS && r.lost === 0 && r.ackErrors === 0,
      progress,
      warmRate: 2,
    };
    const { parleyRun, baseRun } = await parleyAgainstBaseline({
      adminUrl, name: 'fanout', count: MEMBERS, roomCount: 1, roomsOf, baseline: { file: 'socketio-relay.mjs' }, search,
    });
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
