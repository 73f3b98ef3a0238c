// The load generator of the busy-member scenario (bench/scenarios/busy.mjs): a child
// process driven over IPC like bench/load-worker.mjs, so its CPU is its own. Load is
// open-loop: request k of a step is due at start + k / rate and its latency runs from
// that due time (no coordinated omission). Three kinds of step: socket handshakes
// (connect-to-ready, each socket closed once ready), socket `sync` requests and HTTP GETs.
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { newHistogram, recordMs, summarise } from './lib/histogram.mjs';
import { cpuMeter, now, openLoop, semaphore, serveCommands } from './lib/worker-kit.mjs';

/** Sockets kept open between calls (for sync), by handle. */
const held = new Map();
let nextHandle = 1;

/** Keeps the `keep` slowest requests of a step: when each was due (ms after the step's start) and how long it took. */
function slowest(keep = 5) {
  const list = [];
  return {
    add(atMs, ms) {
      if (list.length < keep || ms > list[list.length - 1].ms) {
        list.push({ atMs: Math.round(atMs), ms: Math.round(ms * 10) / 10 });
        list.sort((a, b) => b.ms - a.ms);
        if (list.length > keep) list.pop();
      }
    },
    list,
  };
}

const count = (map, key) => (map[key] = (map[key] ?? 0) + 1);

/**
 * Opens one socket: resolves at `connect` (the handshake's middleware, which joins every
 * room, is done; Parley sends no later "ready" event) or with the refusal's code.
 */
function openSocket(url, auth, timeoutMs) {
  return new Promise((resolve) => {
    const socket = io(`${url}/chat`, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: timeoutMs });
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (error) => {
      socket.close();
      resolve({ socket, error: error.data?.code ?? error.message });
    });
  });
}

const handlers = {
  /**
   * `n` handshakes of one user at `rate` per second (at most `concurrency` at once);
   * latency from each one's due time to its `connect`, then the socket is closed.
   */
  async connectLoop({ url, auth, n, rate, concurrency = 50, timeoutMs = 10_000, settleMs = 300 }) {
    const latency = newHistogram();
    const errors = {};
    let failed = 0;
    const places = semaphore(concurrency);
    const pending = [];
    const slow = slowest();
    const cpu = cpuMeter();
    const loop = openLoop(rate, n, (k) => {
      pending.push(
        (async () => {
          await places.acquire();
          const { socket, error } = await openSocket(url, auth, timeoutMs);
          places.release();
          if (error) {
            failed += 1;
            count(errors, error);
            return;
          }
          recordMs(latency, now() - loop.due(k));
          slow.add(loop.due(k) - loop.t0, now() - loop.due(k));
          socket.close();
        })(),
      );
    });
    await loop.done;
    await Promise.all(pending);
    const used = cpu();
    await sleep(settleMs); // the server's disconnect bookkeeping, before the caller reads statement counts
    return { rate, sent: n, ok: n - failed, errors: failed, statuses: errors, latency: summarise(latency), slowest: slow.list, cpu: used };
  },

  /** Opens `count` sockets of one user and keeps them (untimed) for syncStep; returns their handle. */
  async openSockets({ url, auth, count: n = 2 }) {
    const opened = await Promise.all(Array.from({ length: n }, () => openSocket(url, auth, 10_000)));
    const refused = opened.find((o) => o.error);
    if (refused) {
      for (const o of opened) o.socket.close();
      throw new Error(`socket refused: ${refused.error}`);
    }
    const handle = nextHandle++;
    held.set(
      handle,
      opened.map((o) => o.socket),
    );
    return handle;
  },

  async closeSockets({ handle, settleMs = 300 }) {
    for (const socket of held.get(handle) ?? []) socket.close();
    held.delete(handle);
    await sleep(settleMs); // the server's disconnect bookkeeping
    return null;
  },

  /**
   * `sync` requests over the sockets of `handle` (round-robin), cycling over `payloads`,
   * at `rate` per second for `durationMs`; latency from due time to the ack. Every ack is
   * checked: ok, an entry per room asked, no room answered with an error.
   */
  async syncStep({ handle, payloads, rate, durationMs, ackTimeoutMs = 10_000 }) {
    const sockets = held.get(handle);
    const n = Math.max(1, Math.round((rate * durationMs) / 1000));
    const latency = newHistogram();
    const statuses = {};
    let failed = 0;
    let messages = 0;
    let roomsAnswered = 0;
    const pending = [];
    const slow = slowest();
    const cpu = cpuMeter();
    const loop = openLoop(rate, n, (k) => {
      const socket = sockets[k % sockets.length];
      const payload = payloads[k % payloads.length];
      pending.push(
        socket
          .timeout(ackTimeoutMs)
          .emitWithAck('sync', payload)
          .then(
            (ack) => {
              const rooms = ack?.ok ? Object.values(ack.data?.rooms ?? {}) : [];
              const bad = !ack?.ok
                ? (ack?.error?.code ?? 'bad_ack')
                : rooms.length !== Object.keys(payload.rooms).length
                  ? 'missing_rooms'
                  : rooms.find((r) => r.error)?.error.code;
              if (bad) {
                failed += 1;
                count(statuses, bad);
                return;
              }
              recordMs(latency, now() - loop.due(k));
              slow.add(loop.due(k) - loop.t0, now() - loop.due(k));
              count(statuses, 'ok');
              roomsAnswered += rooms.length;
              for (const r of rooms) messages += r.messages.length;
            },
            () => {
              failed += 1;
              count(statuses, 'timeout');
            },
          ),
      );
    });
    await loop.done;
    await Promise.all(pending);
    return {
      rate,
      sent: n,
      ok: n - failed,
      errors: failed,
      statuses,
      messagesPerSync: n - failed ? messages / (n - failed) : null,
      roomsPerSync: n - failed ? roomsAnswered / (n - failed) : null,
      latency: summarise(latency),
      slowest: slow.list,
      cpu: cpu(),
    };
  },

  /** Open-loop HTTP GETs, round-robin over `paths`; latency from due time to the whole body (status 200 only). */
  async httpStep({ url, paths, headers = {}, rate, durationMs, maxSockets = 64 }) {
    const agent = new http.Agent({ keepAlive: true, maxSockets });
    const n = Math.max(1, Math.round((rate * durationMs) / 1000));
    const latency = newHistogram();
    const statuses = {};
    let bytes = 0;
    const pending = [];
    const slow = slowest();
    const cpu = cpuMeter();
    const loop = openLoop(rate, n, (k) => {
      pending.push(
        new Promise((resolve) => {
          const req = http.get(`${url}${paths[k % paths.length]}`, { agent, headers }, (res) => {
            res.on('data', (chunk) => (bytes += chunk.length));
            res.on('end', () => {
              count(statuses, res.statusCode);
              if (res.statusCode === 200) {
                recordMs(latency, now() - loop.due(k));
                slow.add(loop.due(k) - loop.t0, now() - loop.due(k));
              }
              resolve();
            });
          });
          req.on('error', (error) => {
            count(statuses, error.code ?? 'error');
            resolve();
          });
        }),
      );
    });
    await loop.done;
    await Promise.all(pending);
    const used = cpu();
    agent.destroy();
    const ok = statuses[200] ?? 0;
    return {
      rate,
      sent: n,
      ok,
      errors: n - ok,
      statuses,
      bytesPerResponse: n ? bytes / n : null,
      latency: summarise(latency),
      slowest: slow.list,
      cpu: used,
    };
  },
};

serveCommands(handlers);
