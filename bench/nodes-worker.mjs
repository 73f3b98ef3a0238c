// A holder of idle sockets for the nodes scenario (bench/scenarios/nodes.mjs), driven over
// IPC like bench/load-worker.mjs. It differs in one way that matters when the machine is
// saturated: a handshake waiting for one of the `concurrency` places waits in a queue,
// not in a 2 ms polling loop, so a backlog of thousands of due handshakes costs the
// generator no CPU (polling would take CPU from the servers being measured and deepen the
// very backlog it waits on). Its sockets listen to nothing: they are held, not read.
import { io } from 'socket.io-client';
import { encodeHistogram, newHistogram, recordMs, summarise } from './lib/histogram.mjs';

const sockets = [];
const now = () => performance.timeOrigin + performance.now();

function cpuMeter() {
  const start = process.cpuUsage();
  const t = performance.now();
  return () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000 / (performance.now() - t);
  };
}

/** At most `limit` holders at once; the others wait in order, without polling. */
function semaphore(limit) {
  let free = limit;
  const waiting = [];
  return {
    acquire: () => (free > 0 ? ((free -= 1), Promise.resolve()) : new Promise((resolve) => waiting.push(resolve))),
    release: () => {
      const next = waiting.shift();
      if (next) next();
      else free += 1;
    },
  };
}

function connectOne(url, auth, timeoutMs) {
  return new Promise((resolve) => {
    const socket = io(`${url}/chat`, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: timeoutMs });
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (error) => {
      socket.close();
      resolve({ socket: null, error: error.data?.code ?? error.message });
    });
  });
}

const handlers = {
  /**
   * Opens a socket for each of `users`, handshake k due at start + k / rate, at most
   * `concurrency` handshakes in flight. Latency runs from the due time (queueing included).
   */
  async connect({ url, users, rate = 200, concurrency = 50, timeoutMs = 60_000 }) {
    const latency = newHistogram();
    const errors = {};
    let failed = 0;
    const cpu = cpuMeter();
    const started = performance.now();
    const t0 = now() + 20;
    const places = semaphore(concurrency);
    const pending = [];
    await new Promise((resolve) => {
      let k = 0;
      const tick = () => {
        const at = now();
        for (; k < users.length && t0 + (k * 1000) / rate <= at; k += 1) {
          const due = t0 + (k * 1000) / rate;
          const user = users[k];
          pending.push(
            places.acquire().then(async () => {
              const { socket, error } = await connectOne(url, user.auth, timeoutMs);
              places.release();
              if (error) {
                failed += 1;
                errors[error] = (errors[error] ?? 0) + 1;
              } else {
                sockets.push(socket);
                recordMs(latency, now() - due);
              }
            }),
          );
        }
        if (k < users.length) setTimeout(tick, Math.max(0, t0 + (k * 1000) / rate - now()));
        else resolve();
      };
      setTimeout(tick, Math.max(0, t0 - now()));
    });
    await Promise.all(pending);
    return {
      connected: users.length - failed,
      failed,
      errors,
      seconds: (performance.now() - started) / 1000,
      latency: summarise(latency),
      latencyHdr: encodeHistogram(latency),
      cpu: cpu(),
    };
  },

  /** How many of this process's sockets are still connected, after `ms` of quiet. */
  async held({ ms = 0 }) {
    const cpu = cpuMeter();
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { sockets: sockets.filter((s) => s.connected).length, cpu: cpu() };
  },
};

process.on('message', async ({ id, cmd, args }) => {
  try {
    process.send({ id, ok: true, result: await handlers[cmd](args) });
  } catch (error) {
    process.send({ id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
process.on('disconnect', () => process.exit(0));
