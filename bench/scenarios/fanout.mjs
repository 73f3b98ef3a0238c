// fanout: one room of 1000 members; each message (persisted, for Parley) reaches 999 sockets.
import { fanoutReport, parleyAgainstBaseline } from '../lib/chat.mjs';

const MEMBERS = 1000;
const P99_BOUND_MS = 100;
// BENCH_FANOUT_RATES=20,40 BENCH_FANOUT_DURATION_MS=8000: fixed rates and longer steps (CPU per delivery on a busy machine).
const RATES = process.env.BENCH_FANOUT_RATES?.split(',').map(Number);
const DURATION_MS = Number(process.env.BENCH_FANOUT_DURATION_MS) || null;

export default {
  name: 'fanout',
  title: 'fanout: one room of 1000 members, every message delivered to 999 sockets',
  target: `deliveries/s at p99 <= ${P99_BOUND_MS} ms >= 0.8 x raw Socket.IO`,
  async run({ adminUrl, quick, progress }) {
    const roomsOf = () => [0];
    const search = {
      event: 'message',
      rates: RATES ?? (quick ? [20] : [10, 20, 30, 40, 50, 60, 70, 80, 100, 130]),
      always: RATES ?? [],
      durationMs: DURATION_MS ?? (quick ? 2000 : 4000),
      senders: Array.from({ length: 10 }, (_, i) => i),
      receiversPerEvent: MEMBERS - 1,
      passes: (r) => r.latency.p99 !== null && r.latency.p99 <= P99_BOUND_MS && r.lost === 0 && r.ackErrors === 0,
      progress,
      warmRate: 2,
    };
    const { parleyRun, baseRun } = await parleyAgainstBaseline({
      adminUrl,
      name: 'fanout',
      count: MEMBERS,
      roomCount: 1,
      roomsOf,
      baseline: { file: 'socketio-relay.mjs' },
      search,
    });
    return fanoutReport({
      unit: 'messages/s into the room',
      bound: P99_BOUND_MS,
      parleyRun,
      baseRun,
      notes: ['Parley persists every message (seq, commit) before fanning it out; the raw baseline keeps nothing.'],
    });
  },
};
