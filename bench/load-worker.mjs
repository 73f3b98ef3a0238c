// The load generator: a child process of bench/run.mjs, driven over IPC, so that its
// CPU is its own and never the server's. Load is open-loop: event k of a step is due
// at start + k / rate and its latency runs from that due time, so a slow server is
// never given a breather by a waiting client (no coordinated omission).
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { newHistogram, recordMs, summarise } from './lib/histogram.mjs';

/** Connected (or once connected) clients: { socket, rooms, userId, seen: Map<roomId, lastSeq> } */
const clients = [];
const indexByUser = new Map();
let step = null;
let nextStepId = 1;

/** Calls `fire(k)` for k = 0..n-1, each at t0 + k / rate; resolves after the last. */
function openLoop(rate, n, fire) {
  const t0 = performance.now() + 20;
  const due = (k) => t0 + (k * 1000) / rate;
  return {
    t0,
    due,
    done: new Promise((resolve) => {
      let k = 0;
      const tick = () => {
        const now = performance.now();
        while (k < n && due(k) <= now) fire(k++);
        if (k < n) setTimeout(tick, Math.max(0, due(k) - performance.now()));
        else resolve();
      };
      setTimeout(tick, 20);
    }),
  };
}

function cpuMeter() {
  const start = process.cpuUsage();
  const t = performance.now();
  return () => {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1000 / (performance.now() - t);
  };
}

function onMessage(receiver, message) {
  const client = clients[receiver];
  if (client.track) client.track(message);
  if (!step || step.event !== 'message') return;
  const [stepId, k, sender] = String(message.content).split('|').map(Number);
  if (stepId !== step.id) return;
  if (sender === receiver) return;
  step.delivered[k] += 1;
  step.deliveries += 1;
  recordMs(step.latency, performance.now() - step.due(k));
}

function onTyping(receiver, event) {
  if (!step || step.event !== 'typing') return;
  const sender = indexByUser.get(event.user_id);
  if (sender === undefined || sender === receiver) return;
  const last = step.lastOf.get(sender);
  if (!last || last.isTyping !== event.is_typing) return; // an event of an earlier step or a timeout
  step.delivered[last.k] += 1;
  step.deliveries += 1;
  recordMs(step.latency, performance.now() - step.due(last.k));
}

function connectOne(index, url, auth, timeoutMs) {
  return new Promise((resolve) => {
    const socket = io(`${url}/chat`, { auth, transports: ['websocket'], reconnection: false, forceNew: true, timeout: timeoutMs });
    socket.on('message:new', (m) => onMessage(index, m));
    socket.on('typing', (e) => onTyping(index, e));
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (error) => {
      socket.close();
      resolve({ socket, error: error.data?.code ?? error.message });
    });
  });
}

const handlers = {
  /** Opens sockets at `rate` per second, at most `concurrency` handshakes at once. */
  async connect({ url, users, rate = 500, concurrency = 100, timeoutMs = 30_000 }) {
    const latency = newHistogram();
    const errors = {};
    let failed = 0;
    const cpu = cpuMeter();
    const started = performance.now();
    let inFlight = 0;
    const pending = [];
    const loop = openLoop(rate, users.length, (k) => {
      pending.push(
        (async () => {
          while (inFlight >= concurrency) await sleep(2);
          inFlight += 1;
          const user = users[k];
          const index = clients.length;
          clients.push({ socket: null, rooms: user.rooms, userId: user.userId });
          indexByUser.set(user.userId, index);
          const { socket, error } = await connectOne(index, url, user.auth, timeoutMs);
          inFlight -= 1;
          clients[index].socket = socket;
          if (error) {
            failed += 1;
            errors[error] = (errors[error] ?? 0) + 1;
          } else recordMs(latency, performance.now() - loop.due(k));
        })(),
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
      cpu: cpu(),
    };
  },

  /**
   * One open-loop step of `message:send` or `typing` events from `senders`, each into its
   * first room; counts deliveries to every other client in that room.
   */
  async chatStep({ event, rate, durationMs, drainMs = 3000, senders, receiversPerEvent, ackTimeoutMs = 10_000 }) {
    const n = Math.max(1, Math.round((rate * durationMs) / 1000));
    const id = nextStepId++;
    const cpu = cpuMeter();
    const acks = newHistogram();
    let ackErrors = 0;
    const errorCodes = {};
    const toggles = new Map();
    step = { id, event, delivered: new Uint16Array(n), deliveries: 0, latency: newHistogram(), lastOf: new Map(), due: null };
    const loop = openLoop(rate, n, (k) => {
      const sender = senders[k % senders.length];
      const client = clients[sender];
      const onAck = (err, ack) => {
        if (err || !ack?.ok) {
          ackErrors += 1;
          const code = err ? 'timeout' : (ack?.error?.code ?? 'bad_ack');
          errorCodes[code] = (errorCodes[code] ?? 0) + 1;
        } else recordMs(acks, performance.now() - loop.due(k));
      };
      if (event === 'message') {
        client.socket.timeout(ackTimeoutMs).emit('message:send', { room_id: client.rooms[0], content: `${id}|${k}|${sender}` }, onAck);
      } else {
        const isTyping = !(toggles.get(sender) ?? false);
        toggles.set(sender, isTyping);
        step.lastOf.set(sender, { k, isTyping });
        client.socket.timeout(ackTimeoutMs).emit('typing', { room_id: client.rooms[0], is_typing: isTyping }, onAck);
      }
    });
    step.due = loop.due;
    await loop.done;
    const sentAt = performance.now();
    const expected = n * receiversPerEvent;
    while (step.deliveries < expected && performance.now() - sentAt < drainMs) await sleep(10);
    const wall = (performance.now() - loop.t0) / 1000;
    let lost = 0;
    let duplicated = 0;
    for (const d of step.delivered) {
      if (d < receiversPerEvent) lost += receiversPerEvent - d;
      else duplicated += d - receiversPerEvent;
    }
    const result = {
      rate,
      sent: n,
      expected,
      delivered: step.deliveries,
      lost,
      duplicated,
      ackErrors,
      errorCodes,
      achievedRate: n / ((sentAt - loop.t0) / 1000),
      deliveriesPerSecond: step.deliveries / wall,
      latency: summarise(step.latency),
      ack: summarise(acks),
      cpu: cpu(),
    };
    step = null;
    return result;
  },

  async disconnect({ from = 0, to = clients.length } = {}) {
    for (const client of clients.slice(from, to)) client.socket?.close();
    await sleep(200);
    return { closed: to - from };
  },

  /** Open-loop HTTP GETs, round-robin over `paths`; latency from due time to the whole body. */
  async httpStep({ url, paths, headers = [], rate, durationMs, maxSockets = 64 }) {
    const agent = new http.Agent({ keepAlive: true, maxSockets });
    const n = Math.max(1, Math.round((rate * durationMs) / 1000));
    const latency = newHistogram();
    const statuses = {};
    const cpu = cpuMeter();
    const pending = [];
    const loop = openLoop(rate, n, (k) => {
      pending.push(
        new Promise((resolve) => {
          const req = http.get(`${url}${paths[k % paths.length]}`, { agent, headers: headers[k % headers.length] ?? {} }, (res) => {
            res.resume();
            res.on('end', () => {
              statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
              if (res.statusCode === 200) recordMs(latency, performance.now() - loop.due(k));
              resolve();
            });
          });
          req.on('error', (error) => {
            statuses[error.code ?? 'error'] = (statuses[error.code ?? 'error'] ?? 0) + 1;
            resolve();
          });
        }),
      );
    });
    await loop.done;
    await Promise.all(pending);
    agent.destroy();
    const ok = statuses[200] ?? 0;
    return { rate, sent: n, ok, errors: n - ok, statuses, latency: summarise(latency), cpu: cpu() };
  },

  /** Open-loop runs of the history baseline: the keyset SQL alone, straight on `pg`. */
  async sqlStep({ databaseUrl, queries, rate, durationMs }) {
    const { historyPage, openPool } = await import('./baselines/history-sql.mjs');
    const pool = openPool(databaseUrl);
    const n = Math.max(1, Math.round((rate * durationMs) / 1000));
    const latency = newHistogram();
    let errors = 0;
    const cpu = cpuMeter();
    const pending = [];
    const loop = openLoop(rate, n, (k) => {
      const q = queries[k % queries.length];
      pending.push(
        historyPage(pool, q.roomId, q.before, q.limit).then(
          () => recordMs(latency, performance.now() - loop.due(k)),
          () => (errors += 1),
        ),
      );
    });
    await loop.done;
    await Promise.all(pending);
    await pool.end();
    return { rate, sent: n, ok: n - errors, errors, latency: summarise(latency), cpu: cpu() };
  },
};

process.on('message', async ({ id, cmd, args }) => {
  try {
    const result = await handlers[cmd](args);
    process.send({ id, ok: true, result });
  } catch (error) {
    process.send({ id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
process.on('disconnect', () => process.exit(0));
