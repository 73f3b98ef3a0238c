// The parent's side of a load generator process (bench/load-worker.mjs, or a
// scenario's own worker file driven the same way over IPC).
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { mergeHistograms, summarise } from './histogram.mjs';
import { ROOT, track } from './infra.mjs';

export function startLoad(name = 'load', worker = 'bench/load-worker.mjs') {
  const child = track(
    fork(join(ROOT, worker), [], {
      execArgv: ['--max-old-space-size=8192'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const waiting = new Map();
  let nextId = 1;
  child.on('message', ({ id, ok, result, error }) => {
    const call = waiting.get(id);
    waiting.delete(id);
    if (ok) call.resolve(result);
    else call.reject(new Error(`${name}: ${error}`));
  });
  child.on('exit', (code) => {
    for (const call of waiting.values()) call.reject(new Error(`${name} exited with ${code}`));
    waiting.clear();
  });
  return {
    pid: child.pid,
    call(cmd, args = {}) {
      return new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        child.send({ id, cmd, args });
      });
    },
    stop() {
      if (child.exitCode === null) child.kill();
    },
  };
}

/**
 * Several generator processes that act as one: the users are split between them
 * (user i keeps its global index i), a step's events follow one schedule (an epoch
 * start time every process shares) and each process sends its own users' events and
 * counts what its own users receive; the step's result is the merge. `urlOf(i)`
 * picks the server a user connects to (two nodes: senders on one, receivers on the other).
 */
export function startLoads(name, count) {
  const loads = Array.from({ length: count }, (_, i) => startLoad(`${name}-${i}`));
  let owner = [];
  let roomsOf = [];
  let nextStepId = 1;
  return {
    loads,
    /** Connects `users` (the share of process p is `assign(i)`, default contiguous), each to `urlOf(i)`. */
    async connect({ urlOf, users, rate = 500, concurrency = 100, assign = (i) => Math.floor((i * count) / users.length) }) {
      owner = users.map((_, i) => assign(i));
      const shares = loads.map(() => []);
      users.forEach((u, i) => shares[owner[i]].push({ ...u, global: i }));
      roomsOf = users.map((u) => u.rooms);
      // Each process connects its share at `rate` / count; within a share, users grouped by server.
      const results = await Promise.all(
        loads.map((load, p) => {
          const mine = shares[p];
          const byUrl = new Map();
          mine.forEach((u) => byUrl.set(urlOf(u.global), [...(byUrl.get(urlOf(u.global)) ?? []), u]));
          return Promise.all(
            [...byUrl].map(([url, group]) => load.call('connect', { url, users: group, rate: rate / count / byUrl.size, concurrency })),
          );
        }),
      );
      const flat = results.flat();
      return {
        connected: flat.reduce((n, r) => n + r.connected, 0),
        failed: flat.reduce((n, r) => n + r.failed, 0),
        errors: Object.assign({}, ...flat.map((r) => r.errors)),
        seconds: Math.max(...flat.map((r) => r.seconds)),
        latency: flat[0].latency,
        cpu: results.map((r) => r.reduce((n, x) => n + x.cpu, 0)),
      };
    },
    /** One step over every process; `senders` are global user indices. */
    async chatStep({ event, rate, durationMs, senders, receiversPerEvent }) {
      const n = Math.max(1, Math.round((rate * durationMs) / 1000));
      // How many receivers each process has in each room (for when it may stop waiting).
      const inRoom = new Map();
      roomsOf.forEach((rooms, i) => {
        const counts = inRoom.get(rooms[0]) ?? new Array(count).fill(0);
        counts[owner[i]] += 1;
        inRoom.set(rooms[0], counts);
      });
      const expectedHere = new Array(count).fill(0);
      for (let k = 0; k < n; k += 1) {
        const s = senders[k % senders.length];
        const counts = inRoom.get(roomsOf[s][0]);
        for (let p = 0; p < count; p += 1) expectedHere[p] += counts[p] - (owner[s] === p ? 1 : 0);
      }
      const stepId = nextStepId++;
      // Time for every process to get the call (and, for typing, to end the last step's typing: 300 ms).
      const startAt = performance.timeOrigin + performance.now() + (event === 'typing' ? 600 : 200);
      const parts = await Promise.all(
        loads.map((load, p) =>
          load.call('chatStep', {
            event,
            rate,
            durationMs,
            receiversPerEvent,
            stepId,
            startAt,
            expectedHere: expectedHere[p],
            senders: senders.map((s) => (owner[s] === p ? s : null)),
          }),
        ),
      );
      return mergeSteps(parts, receiversPerEvent);
    },
    stop() {
      for (const load of loads) load.stop();
    },
  };
}

/** One step's result from each process's part: deliveries summed per event, histograms merged. */
export function mergeSteps(parts, receiversPerEvent) {
  const delivered = parts.map((p) => {
    const bytes = Buffer.from(p.deliveredEach, 'base64');
    return new Uint16Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  });
  let lost = 0;
  let duplicated = 0;
  for (let k = 0; k < delivered[0].length; k += 1) {
    const d = delivered.reduce((sum, each) => sum + each[k], 0);
    if (d < receiversPerEvent) lost += receiversPerEvent - d;
    else duplicated += d - receiversPerEvent;
  }
  const sum = (key) => parts.reduce((n, p) => n + p[key], 0);
  const cpus = parts.map((p) => p.cpu);
  return {
    rate: parts[0].rate,
    sent: parts[0].sent,
    expected: sum('expected'),
    delivered: sum('delivered'),
    lost,
    duplicated,
    ackErrors: sum('ackErrors'),
    errorCodes: Object.assign({}, ...parts.map((p) => p.errorCodes)),
    achievedRate: Math.min(...parts.map((p) => p.achievedRate)),
    deliveriesPerSecond: sum('deliveriesPerSecond'),
    latency: summarise(mergeHistograms(parts.map((p) => p.latencyHdr))),
    ack: summarise(mergeHistograms(parts.map((p) => p.ackHdr))),
    parts: parts.map((p) => ({ delivered: p.delivered, latency: p.latency, cpu: p.cpu })),
    cpu: cpus.reduce((a, b) => a + b, 0),
    generators: cpus,
  };
}
