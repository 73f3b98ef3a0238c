// A holder of idle sockets for the nodes scenario (bench/scenarios/nodes.mjs), driven over
// IPC like bench/load-worker.mjs. Its sockets listen to nothing: they are held, not read,
// so tens of thousands cost the generator no CPU.
import { io } from 'socket.io-client';
import { encodeHistogram, newHistogram, recordMs, summarise } from './lib/histogram.mjs';
import { cpuMeter, now, openLoop, semaphore, serveCommands } from './lib/worker-kit.mjs';

const sockets = [];

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
    const places = semaphore(concurrency);
    const pending = [];
    const loop = openLoop(rate, users.length, (k) => {
      pending.push(
        places.acquire().then(async () => {
          const { socket, error } = await connectOne(url, users[k].auth, timeoutMs);
          places.release();
          if (error) {
            failed += 1;
            errors[error] = (errors[error] ?? 0) + 1;
          } else {
            sockets.push(socket);
            recordMs(latency, now() - loop.due(k));
          }
        }),
      );
    });
    await loop.done;
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

serveCommands(handlers);
