// everyday: what a message costs at the rates a deployment runs most of the day.
// 1000 sockets in rooms of 10 (as in `send`), steady 100 and 500 messages/s and one
// high rate; server plus PostgreSQL CPU per 1,000 messages, Parley against the
// persisted baseline (raw Socket.IO + pg) at the same rates; then the idle cost of a
// node holding the 1000 sockets (heartbeats, timers, presence) with no traffic.
import { baselineUsers, GENERATORS, seedParleyUsers } from '../lib/chat.mjs';
import { createDatabase, startBaseline, startParley, withCpu } from '../lib/infra.mjs';
import { startLoads } from '../lib/load.mjs';
import { JWT_SECRET } from '../lib/seed.mjs';
import { fmt, generatorBound, ratio, verdict } from '../lib/steps.mjs';

const SOCKETS = 1000;
const ROOM_SIZE = 10;
/** Each rate with its duration; the last is the high rate a message is cheapest at (both sides pass it). */
const STEPS = [
  { rate: 100, seconds: 10 },
  { rate: 500, seconds: 6 },
  { rate: 3000, seconds: 5 },
];
const IDLE_SECONDS = 10;

/** CPU milliseconds (server + PostgreSQL) per message of a step: the same as CPU seconds per 1,000 messages. */
const cpuPerMessageMs = (s) => ((s.cpu.server + s.cpu.postgres) * s.cpu.seconds * 1000) / s.sent;

export default {
  name: 'everyday',
  title: 'everyday cost: server + PostgreSQL CPU per 1,000 messages at 100 and 500 messages/s (rooms of 10), and idle CPU with 1000 sockets',
  target:
    "CPU per 1,000 messages <= 1.2 x the persisted baseline at 100 and 500 messages/s; at 100/s <= 1.5 x Parley's own cost at its cheapest rate; idle CPU reported",
  async run({ adminUrl, quick, progress }) {
    const steps = quick
      ? [
          { rate: 100, seconds: 3 },
          { rate: 500, seconds: 2 },
          { rate: 3000, seconds: 2 },
        ]
      : STEPS;
    const idleSeconds = quick ? 3 : IDLE_SECONDS;
    const roomsOf = (i) => [Math.floor(i / ROOM_SIZE)];
    const senders = Array.from({ length: SOCKETS }, (_, i) => i);

    async function measure(label, server, users) {
      const load = startLoads(label, GENERATORS);
      try {
        const connected = await load.connect({ urlOf: () => server.url, users, rate: 1000 });
        if (connected.failed) throw new Error(`${label}: ${connected.failed} sockets failed to connect`);
        await load.chatStep({ event: 'message', rate: 200, durationMs: 3000, senders, receiversPerEvent: ROOM_SIZE - 1 }); // warm-up
        const rows = [];
        for (const { rate, seconds } of steps) {
          const { result, cpu } = await withCpu(server.pid, () =>
            load.chatStep({ event: 'message', rate, durationMs: seconds * 1000, senders, receiversPerEvent: ROOM_SIZE - 1 }),
          );
          const bound = generatorBound(result);
          const row = {
            ...result,
            generatorBound: bound,
            pass: !bound && result.lost === 0 && result.ackErrors === 0,
            cpu: { ...cpu, generator: result.cpu, generators: result.generators },
          };
          row.cpuPerMessageMs = cpuPerMessageMs(row);
          row.switchesPerMessage = (cpu.switches.server + cpu.switches.postgres) / result.sent;
          rows.push(row);
          progress(
            `${label} @ ${rate}/s: ${fmt(row.cpuPerMessageMs, 3)} ms CPU per message (server ${fmt(cpu.server * 100, 0)}% + PostgreSQL ${fmt(cpu.postgres * 100, 0)}%), ${fmt(row.switchesPerMessage, 1)} context switches per message, p99 ${fmt(row.latency.p99)} ms, lost ${row.lost} -> ${verdict(row)}`,
          );
        }
        // Idle: the sockets stay connected and nobody sends.
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const { cpu: idle } = await withCpu(server.pid, () => Promise.all(load.loads.map((l) => l.call('idle', { ms: idleSeconds * 1000 }))));
        progress(
          `${label}: idle with ${connected.connected} sockets: server ${fmt(idle.server * 1000, 1)} ms CPU per s, PostgreSQL ${fmt(idle.postgres * 1000, 1)} ms per s`,
        );
        return { steps: rows, idle, connected: connected.connected };
      } finally {
        load.stop();
      }
    }

    const databaseUrl = await createDatabase(adminUrl, 'bench_everyday');
    const parley = await startParley({ databaseUrl, jwtSecret: JWT_SECRET });
    let parleyRun;
    try {
      parleyRun = await measure('parley', parley, await seedParleyUsers(databaseUrl, SOCKETS, SOCKETS / ROOM_SIZE, roomsOf));
    } finally {
      await parley.stop();
    }
    const baseline = await startBaseline('socketio-pg.mjs', { DATABASE_URL: await createDatabase(adminUrl, 'bench_everyday_baseline') });
    let baseRun;
    try {
      baseRun = await measure('baseline', baseline, baselineUsers(SOCKETS, roomsOf));
    } finally {
      await baseline.stop();
    }

    const at = (run, rate) => run.steps.find((s) => s.rate === rate);
    const cheapest = Math.min(...parleyRun.steps.filter((s) => s.pass).map((s) => s.cpuPerMessageMs));
    const table = steps.map(({ rate }) => {
      const [p, b] = [at(parleyRun, rate), at(baseRun, rate)];
      const r = ratio(p?.cpuPerMessageMs, b?.cpuPerMessageMs);
      const everyday = rate !== steps.at(-1).rate;
      return {
        metric: `CPU s per 1,000 messages at ${rate}/s (server + PostgreSQL)`,
        parley: p?.cpuPerMessageMs ?? null,
        baseline: b?.cpuPerMessageMs ?? null,
        ratio: r,
        ...(everyday ? { target: '<= 1.2 x', met: p?.generatorBound || b?.generatorBound ? null : r !== null && r <= 1.2 } : {}),
      };
    });
    for (const { rate } of steps) {
      table.push({
        metric: `context switches per message at ${rate}/s (server + PostgreSQL)`,
        parley: at(parleyRun, rate)?.switchesPerMessage ?? null,
        baseline: at(baseRun, rate)?.switchesPerMessage ?? null,
      });
    }
    const at100 = at(parleyRun, 100)?.cpuPerMessageMs ?? null;
    table.push(
      {
        metric: 'Parley at 100/s vs its cheapest rate (x)',
        parley: ratio(at100, cheapest),
        baseline: ratio(at(baseRun, 100)?.cpuPerMessageMs, Math.min(...baseRun.steps.map((s) => s.cpuPerMessageMs))),
        target: '<= 1.5',
        met: (ratio(at100, cheapest) ?? Infinity) <= 1.5,
      },
      {
        metric: `idle server CPU with ${SOCKETS} sockets (ms per s)`,
        parley: parleyRun.idle.server * 1000,
        baseline: baseRun.idle.server * 1000,
        ratio: ratio(parleyRun.idle.server, baseRun.idle.server),
      },
      { metric: 'idle PostgreSQL CPU (ms per s)', parley: parleyRun.idle.postgres * 1000, baseline: baseRun.idle.postgres * 1000 },
    );
    return {
      unit: 'messages/s',
      parley: { steps: parleyRun.steps },
      baseline: { steps: baseRun.steps },
      latency: { parley: at(parleyRun, 100)?.latency, baseline: at(baseRun, 100)?.latency },
      latencyLabel: 'send-to-receive at 100 messages/s',
      table,
      notes: [
        'CPU per message = (server + PostgreSQL CPU time over the step) / messages sent; the generator is excluded. The baseline persists every message too (raw Socket.IO + pg, micro-batched).',
        `Idle: ${IDLE_SECONDS} s with every socket connected and no traffic (Socket.IO heartbeats every 25 s, Parley's token-expiry timers and presence).`,
      ],
    };
  },
};
