// ephemeral: typing events (no persistence) from 1000 sockets in rooms of 5, each to the 4 others.
import { parleyAgainstBaseline } from '../lib/chat.mjs';

const SOCKETS = 1000;
const ROOM_SIZE = 5;
const TARGET_RATE = 2000;
const P99_BOUND_MS = 10;

export default {
  name: 'ephemeral',
  title: 'ephemeral: typing events from 1000 sockets in rooms of 5, each delivered to the 4 others',
  target: `p99 <= ${P99_BOUND_MS} ms at ${TARGET_RATE} events/s`,
  async run({ adminUrl, quick, progress }) {
    const roomsOf = (i) => [Math.floor(i / ROOM_SIZE)];
    const search = {
      event: 'typing',
      rates: quick ? [TARGET_RATE] : [1000, TARGET_RATE, 3000],
      always: [TARGET_RATE],
      durationMs: quick ? 2000 : 5000,
      senders: Array.from({ length: SOCKETS }, (_, i) => i),
      receiversPerEvent: ROOM_SIZE - 1,
      passes: (r) => r.latency.p99 !== null && r.latency.p99 <= P99_BOUND_MS && r.lost === 0 && r.ackErrors === 0,
      progress,
      warmRate: 500,
    };
    const { parleyRun, baseRun } = await parleyAgainstBaseline({
      adminUrl,
      name: 'ephemeral',
      count: SOCKETS,
      roomCount: SOCKETS / ROOM_SIZE,
      roomsOf,
      baseline: { file: 'socketio-relay.mjs' },
      search,
    });
    const at = (run) => run.steps.find((s) => s.rate === TARGET_RATE);
    return {
      unit: 'typing events/s',
      bound: P99_BOUND_MS,
      parley: parleyRun,
      baseline: baseRun,
      latency: { parley: at(parleyRun)?.latency, baseline: at(baseRun)?.latency },
      latencyLabel: `typing, event to delivery at ${TARGET_RATE}/s`,
      table: [
        {
          metric: `p99 at ${TARGET_RATE} typing events/s (ms)`,
          parley: at(parleyRun)?.latency.p99 ?? null,
          baseline: at(baseRun)?.latency.p99 ?? null,
          target: `<= ${P99_BOUND_MS} ms`,
          met: (at(parleyRun)?.latency.p99 ?? Infinity) <= P99_BOUND_MS,
        },
        { metric: 'events lost', parley: at(parleyRun)?.lost ?? null, baseline: at(baseRun)?.lost ?? null },
      ],
      notes: [
        "Each user alternates is_typing true/false, so Parley's once-a-second coalescing of `true` never hides an event; every event is checked for membership (one indexed query) before it is relayed.",
        'Presence events are not driven at a rate here: a presence change costs a connect or disconnect (handshake, token check, room lookup), which the connections scenario measures.',
      ],
    };
  },
};
