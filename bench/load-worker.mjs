// The load generator: a child process of bench/run.mjs, driven over IPC, so that its
// CPU is its own and never the server's. Load is open-loop: event k of a step is due
// at start + k / rate and its latency runs from that due time, so a slow server is
// never given a breather by a waiting client (no coordinated omission).
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { encodeHistogram, newHistogram, recordMs, summarise } from './lib/histogram.mjs';
import { cpuMeter, now, openLoop, semaphore, serveCommands } from './lib/worker-kit.mjs';

/** Connected (or once connected) clients: { socket, rooms, userId, seen: Map<roomId, lastSeq> } */
const clients = [];
/** Global user index (the same in every generator process) by user id, and the client by global index. */
const indexByUser = new Map();
const byGlobal = new Map();
let step = null;
let nextStepId = 1;
/** Highest seq acked per room: where each room ends, for the catch-up check. */
const ackedMax = new Map();

/**
 * BENCH_MESSAGE_FEATURES=1: every message mentions a member of the sender's room (socket i and
 * i^1 share a room of 10; seeded usernames are u00042), so the send path resolves a mention,
 * writes its row and emits `mention` on every message. Both sides get the same content.
 */
const MENTIONS = process.env.BENCH_MESSAGE_FEATURES === '1';
const mentionOf = (sender) => (MENTIONS ? ` @u${String(sender ^ 1).padStart(5, '0')}` : '');

function onMessage(receiver, message) {
  const client = clients[receiver];
  if (client.track) client.track(message);
  if (!step || step.event !== 'message') return;
  const [stepId, k, sender] = String(message.content)
    .split('|')
    .map((part) => parseInt(part, 10));
  if (stepId !== step.id) return;
  if (sender === client.global) return;
  step.delivered[k] += 1;
  step.deliveries += 1;
  recordMs(step.latency, now() - step.due(k));
}

function onTyping(receiver, event) {
  if (!step || step.event !== 'typing') return;
  const sender = indexByUser.get(event.user_id);
  if (sender === undefined || sender === clients[receiver].global) return;
  const last = step.lastOf.get(sender);
  if (!last || last.isTyping !== event.is_typing) return; // an event of an earlier step or a timeout
  step.delivered[last.k] += 1;
  step.deliveries += 1;
  recordMs(step.latency, now() - step.due(last.k));
}

/** Whether each sender's last typing event said `true`; a step starts from `false` for all. */
const typingNow = new Map();

/**
 * Ends the typing state a previous step left on (uncounted), so each step's first `true`
 * is a new state rather than one Parley rightly coalesces or times out.
 */
async function endTyping(senders) {
  let ended = 0;
  for (const sender of senders) {
    if (!typingNow.get(sender)) continue;
    byGlobal.get(sender).socket.emit('typing', { room_id: byGlobal.get(sender).rooms[0], is_typing: false });
    typingNow.set(sender, false);
    ended += 1;
  }
  if (ended) await sleep(300);
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

/** Counts every seq a client receives, per room, live or through sync. */
function tracker() {
  const live = new Map();
  const fn = (message) => countSeq(live, message.room_id, message.seq);
  fn.live = live;
  fn.synced = new Map();
  return fn;
}

function countSeq(map, roomId, seq) {
  if (!map.has(roomId)) map.set(roomId, new Map());
  const seqs = map.get(roomId);
  seqs.set(seq, (seqs.get(seq) ?? 0) + 1);
}

const maxSeq = (seqs) => (seqs ? Math.max(0, ...seqs.keys()) : 0);

const handlers = {
  /** Opens sockets at `rate` per second, at most `concurrency` handshakes at once. */
  async connect({ url, users, rate = 500, concurrency = 100, timeoutMs = 30_000, track = false }) {
    const latency = newHistogram();
    const errors = {};
    let failed = 0;
    const cpu = cpuMeter();
    const started = performance.now();
    const places = semaphore(concurrency); // at most `concurrency` handshakes at once
    const pending = [];
    const loop = openLoop(rate, users.length, (k) => {
      pending.push(
        (async () => {
          await places.acquire();
          const user = users[k];
          const index = clients.length;
          clients.push({
            socket: null,
            rooms: user.rooms,
            userId: user.userId,
            auth: user.auth,
            track: track ? tracker() : null,
            global: user.global ?? index,
          });
          indexByUser.set(user.userId, clients[index].global);
          byGlobal.set(clients[index].global, clients[index]);
          const { socket, error } = await connectOne(index, url, user.auth, timeoutMs);
          places.release();
          clients[index].socket = socket;
          if (error) {
            failed += 1;
            errors[error] = (errors[error] ?? 0) + 1;
          } else recordMs(latency, now() - loop.due(k));
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
  async chatStep({ event, rate, durationMs, drainMs = 3000, senders, receiversPerEvent, ackTimeoutMs = 10_000, stepId, startAt, expectedHere }) {
    // `senders` are global user indices. Alone, a process sends every event and expects every
    // delivery. One of several (`startAt`, `expectedHere`): null where another process sends,
    // and the parent merges what each one saw.
    const n = Math.max(1, Math.round((rate * durationMs) / 1000));
    const id = stepId ?? nextStepId++;
    const cpu = cpuMeter();
    const acks = newHistogram();
    let ackErrors = 0;
    const errorCodes = {};
    const toggles = new Map();
    const senderOf = (k) => senders[k % senders.length];
    if (event === 'typing') await endTyping(senders.filter((x) => x !== null));
    step = { id, event, delivered: new Uint16Array(n), deliveries: 0, latency: newHistogram(), lastOf: new Map(), due: null, lastAt: now() };
    const loop = openLoop(
      rate,
      n,
      (k) => {
        const sender = senderOf(k);
        const client = byGlobal.get(sender);
        const onAck = (err, ack) => {
          if (err || !ack?.ok) {
            ackErrors += 1;
            const code = err ? 'timeout' : (ack?.error?.code ?? 'bad_ack');
            errorCodes[code] = (errorCodes[code] ?? 0) + 1;
          } else {
            recordMs(acks, now() - loop.due(k));
            if (ack.data?.seq) ackedMax.set(ack.data.room_id, Math.max(ackedMax.get(ack.data.room_id) ?? 0, ack.data.seq));
          }
        };
        if (event === 'message') {
          client.socket
            .timeout(ackTimeoutMs)
            .emit('message:send', { room_id: client.rooms[0], content: `${id}|${k}|${client.global}${mentionOf(client.global)}` }, onAck);
        } else {
          const isTyping = !(toggles.get(sender) ?? false);
          toggles.set(sender, isTyping);
          typingNow.set(sender, isTyping);
          step.lastOf.set(sender, { k, isTyping });
          client.socket.timeout(ackTimeoutMs).emit('typing', { room_id: client.rooms[0], is_typing: isTyping }, onAck);
        }
      },
      { t0: startAt, mine: (k) => senderOf(k) !== null },
    );
    step.due = loop.due;
    await loop.done;
    const sentAt = now();
    const expected = expectedHere ?? n * receiversPerEvent;
    while (step.deliveries < expected && now() - sentAt < drainMs) await sleep(10);
    const wall = (now() - loop.t0) / 1000;
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
      // For the parent to merge several processes' views of one step.
      ...(startAt
        ? {
            deliveredEach: Buffer.from(step.delivered.buffer).toString('base64'),
            latencyHdr: encodeHistogram(step.latency),
            ackHdr: encodeHistogram(acks),
          }
        : {}),
    };
    step = null;
    return result;
  },

  /** CPU time this process used over `ms` of quiet (idle cost of holding sockets, seen from the client side). */
  async idle({ ms }) {
    const cpu = cpuMeter();
    await sleep(ms);
    return { cpu: cpu(), sockets: clients.filter((c) => c.socket?.connected).length };
  },

  /** Catch-up, part 1: these clients note where they are and go away. */
  async drop({ indices }) {
    for (const i of indices) {
      const client = clients[i];
      client.before = new Map(client.rooms.map((r) => [r, maxSeq(client.track.live.get(r))]));
      client.socket.close();
    }
    await sleep(500);
    return { dropped: indices.length };
  },

  /**
   * Catch-up, part 2: the clients reconnect (live messages count again from the
   * handshake on) and page `sync` from where they were until nothing is left.
   */
  async resync({ url, indices, rate = 500 }) {
    const cpu = cpuMeter();
    const started = performance.now();
    const caughtUp = newHistogram();
    let syncCalls = 0;
    let failures = 0;
    const pending = [];
    const loop = openLoop(rate, indices.length, (k) => {
      const index = indices[k];
      const client = clients[index];
      pending.push(
        (async () => {
          const { socket, error } = await connectOne(index, url, client.auth, 30_000);
          client.socket = socket;
          if (error) {
            failures += 1;
            return;
          }
          const cursor = Object.fromEntries(client.before);
          for (;;) {
            syncCalls += 1;
            const ack = await socket.timeout(30_000).emitWithAck('sync', { rooms: cursor });
            if (!ack.ok) throw new Error(`sync: ${JSON.stringify(ack.error)}`);
            let more = false;
            for (const [roomId, entry] of Object.entries(ack.data.rooms)) {
              for (const m of entry.messages) countSeq(client.track.synced, roomId, m.seq);
              if (entry.messages.length) cursor[roomId] = entry.messages[entry.messages.length - 1].seq;
              more ||= entry.has_more;
            }
            if (!more) break;
          }
          recordMs(caughtUp, now() - loop.due(k));
        })(),
      );
    });
    await loop.done;
    await Promise.all(pending);
    return { clients: indices.length, failures, syncCalls, seconds: (performance.now() - started) / 1000, caughtUp: summarise(caughtUp), cpu: cpu() };
  },

  /** Catch-up, part 3: every seq from where each client left to the room's last acked seq, exactly once. */
  async verify({ indices }) {
    let expected = 0;
    let lost = 0;
    let duplicated = 0;
    let overlap = 0;
    for (const i of indices) {
      const { track, before, rooms } = clients[i];
      for (const roomId of rooms) {
        const live = track.live.get(roomId) ?? new Map();
        const synced = track.synced.get(roomId) ?? new Map();
        for (let seq = before.get(roomId) + 1; seq <= (ackedMax.get(roomId) ?? 0); seq += 1) {
          expected += 1;
          const [l, s] = [live.get(seq) ?? 0, synced.get(seq) ?? 0];
          if (l + s === 0) lost += 1;
          if (l > 1 || s > 1) duplicated += 1;
          if (l > 0 && s > 0) overlap += 1;
        }
      }
    }
    return { expected, lost, duplicated, overlap };
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
              if (res.statusCode === 200) recordMs(latency, now() - loop.due(k));
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
    // Open the pool's connections first: their handshakes are not the query's latency.
    await Promise.all(Array.from({ length: 8 }, () => historyPage(pool, queries[0].roomId, queries[0].before, queries[0].limit)));
    const n = Math.max(1, Math.round((rate * durationMs) / 1000));
    const latency = newHistogram();
    let errors = 0;
    const cpu = cpuMeter();
    const pending = [];
    const loop = openLoop(rate, n, (k) => {
      const q = queries[k % queries.length];
      pending.push(
        historyPage(pool, q.roomId, q.before, q.limit).then(
          () => recordMs(latency, now() - loop.due(k)),
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

serveCommands(handlers);
