// A generator of simulated people for the capacity scenario (bench/scenarios/capacity.mjs),
// driven over IPC like bench/load-worker.mjs. Each user is mattermost-load-test-ng's
// simulative user: a socket, then a loop of an idle time (at least 1 s, 20 s on average)
// and one action picked by weight, mapped to Parley's routes and socket events. Every
// request's latency goes into the HDR histogram of its action class; every message a
// user receives is timed from its send (the generators share one clock, see worker-kit).
import { io } from 'socket.io-client';
import { encodeHistogram, newHistogram, recordMs } from './lib/histogram.mjs';
import { cpuMeter, now, openLoop, semaphore, serveCommands } from './lib/worker-kit.mjs';

/** mattermost-load-test-ng's simulative controller weights (issue 32), mapped below. */
const ACTIONS = [
  ['switchRoom', 6.52],
  ['scroll', 1.99],
  ['openDirectOrGroup', 0.98],
  ['unreadCheck', 1.0],
  ['post', 1.0],
  ['viewThreads', 0.6],
  ['viewThread', 0.28],
  ['threadRead', 0.32],
  ['permalink', 0.3],
  ['reconnect', 0.14],
  ['reaction', 0.13],
  ['searchMessages', 0.02],
  ['searchUsers', 0.03],
  ['searchRooms', 0.02],
  ['edit', 0.04],
  ['delete', 0.005],
  ['joinRoom', 0.005],
  ['createDirect', 0.006],
  // logout and login (0.0006) is left out: seeded users have no password to log in with.
];
const TOTAL_WEIGHT = ACTIONS.reduce((n, [, w]) => n + w, 0);
const THREAD_REPLY_SHARE = 0.18;
const MENTION_SHARE = 0.1;
const EMOJIS = ['👍', ':tada:', '❤️', ':eyes:'];

let url = null;
let users = [];
let running = false;
/** Per action class: latency histogram (ms), count, errors by status. */
let classes = new Map();
let deliveries = { count: 0, latency: newHistogram() };
let typingReceived = 0;
let meter = cpuMeter();
let userCount = 0;

const clazz = (name) => {
  let c = classes.get(name);
  if (!c) classes.set(name, (c = { latency: newHistogram(), count: 0, errors: 0, statuses: {} }));
  return c;
};
const fail = (name, status) => {
  const c = clazz(name);
  c.errors += 1;
  c.statuses[status] = (c.statuses[status] ?? 0) + 1;
};

const pick = (list) => list[Math.floor(Math.random() * list.length)];
/** Idle: at least 1 s, 20 s on average (1 s + exponential with mean 19 s). */
const idleMs = () => 1000 - 19_000 * Math.log(1 - Math.random());

/** One HTTP request of `user`, timed into `name`'s histogram; resolves to the body (or null on error). */
async function call(user, name, method, path, body) {
  const t = now();
  try {
    const res = await fetch(`${user.url}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${user.token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (!running) return null;
    if (!res.ok) {
      fail(name, res.status);
      return null;
    }
    const c = clazz(name);
    c.count += 1;
    recordMs(c.latency, now() - t);
    return text ? JSON.parse(text) : {};
  } catch (error) {
    if (running) fail(name, error.cause?.code ?? error.message);
    return null;
  }
}

/** A socket event with an ack, timed into `name`. */
function emit(user, name, event, payload, timeoutMs = 10_000) {
  const t = now();
  return new Promise((resolve) => {
    if (!user.socket?.connected) {
      fail(name, 'socket_closed');
      return resolve(null);
    }
    user.socket.timeout(timeoutMs).emit(event, payload, (error, ack) => {
      if (!running) return resolve(null);
      const err = error ? 'timeout' : (ack?.error?.code ?? (ack && ack.ok === false ? 'nack' : null));
      if (err) {
        fail(name, err);
        return resolve(null);
      }
      const c = clazz(name);
      c.count += 1;
      recordMs(c.latency, now() - t);
      resolve(ack?.data ?? ack);
    });
  });
}

function openSocket(user) {
  return new Promise((resolve) => {
    const socket = io(`${user.url}/chat`, {
      auth: { token: user.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
      timeout: 30_000,
    });
    socket.on('message:new', (m) => {
      const parts = String(m.content).split('|');
      if (parts[0] !== 'cap' || m.sender?.id === user.id) return;
      if (!running) return;
      deliveries.count += 1;
      recordMs(deliveries.latency, now() - Number(parts[1]));
      const room = user.rooms.get(m.room_id);
      if (room) room.lastSeq = Math.max(room.lastSeq, m.seq);
    });
    socket.on('typing', () => {
      typingReceived += 1;
    });
    socket.once('connect', () => resolve({ socket }));
    socket.once('connect_error', (error) => {
      socket.close();
      resolve({ socket: null, error: error.data?.code ?? error.message });
    });
  });
}

const messagesOf = (page) => (Array.isArray(page?.results) ? page.results : []);

/**
 * Opens a room as the clients do, in one request (GET /rooms/{id}/open: the room, its newest history
 * page and its first members page), remembered as the open page (for scroll, reactions, threads)
 * and its members (for mentions).
 */
async function openRoom(user, roomId) {
  const opened = await call(user, 'open', 'GET', `/rooms/${roomId}/open`);
  if (!opened) return null;
  user.open = { roomId, messages: messagesOf(opened.messages) };
  user.members = messagesOf(opened.members)
    .map((m) => m.user?.username)
    .filter(Boolean);
  return opened;
}

/** Marks a room read as the clients do: the socket's `read` (the SDK's markRead). */
const markRead = (user, roomId) => emit(user, 'read', 'read', { room_id: roomId });

const myRoomIds = (user) => [...user.rooms.keys()];
const topLevel = (user) => (user.open?.messages ?? []).filter((m) => !m.thread_root_id && !m.deleted_at && m.type !== 'system');

const actions = {
  async switchRoom(user) {
    const roomId = pick(myRoomIds(user));
    if (await openRoom(user, roomId)) await markRead(user, roomId);
  },
  async scroll(user) {
    if (!user.open) return actions.switchRoom(user);
    const oldest = Math.min(...user.open.messages.map((m) => m.seq));
    const roomId = user.open.roomId;
    const older = Number.isFinite(oldest) && oldest > 1 ? `&before=${oldest}` : ''; // at the top: the newest page again
    const page = await call(user, 'history', 'GET', `/rooms/${roomId}/messages?limit=50${older}`);
    if (page) user.open.messages = messagesOf(page);
  },
  async openDirectOrGroup(user) {
    if (Math.random() < 0.5) {
      const other = pick(user.directory);
      const r = await call(user, 'direct', 'POST', '/rooms/direct', { user_id: other });
      if (r?.room) {
        user.rooms.set(r.room.id, user.rooms.get(r.room.id) ?? { lastSeq: r.room.last_seq ?? 0 });
        await openRoom(user, r.room.id);
      }
      return;
    }
    const dir = await call(user, 'directory', 'GET', '/rooms/public?limit=20');
    const rooms = messagesOf(dir);
    if (rooms.length) await openRoom(user, pick(rooms).id);
  },
  unreadCheck: (user) => call(user, 'unread', 'GET', '/users/me/unread'),
  async post(user) {
    if (!user.open) await openRoom(user, pick(myRoomIds(user)));
    if (!user.open || !user.rooms.has(user.open.roomId)) return;
    const roomId = user.open.roomId;
    user.socket?.emit('typing', { room_id: roomId, is_typing: true });
    await new Promise((resolve) => setTimeout(resolve, 500 + Math.random() * 1500));
    if (!running) return;
    const roots = topLevel(user);
    const threadRoot = Math.random() < THREAD_REPLY_SHARE && roots.length ? pick(roots).id : null;
    const mention = Math.random() < MENTION_SHARE && user.members?.length ? ` @${pick(user.members)}` : '';
    const sent = await emit(user, threadRoot ? 'post-reply' : 'post', 'message:send', {
      room_id: roomId,
      content: `cap|${now()}|hello from the capacity test${mention}`,
      ...(threadRoot ? { thread_root_id: threadRoot } : {}),
    });
    if (sent?.id) user.mine.push({ roomId, id: sent.id });
    if (user.mine.length > 20) user.mine.shift();
  },
  viewThreads: (user) => call(user, 'mentions', 'GET', '/users/me/mentions?limit=20'),
  async viewThread(user) {
    const roots = topLevel(user);
    if (!roots.length) return actions.switchRoom(user);
    await call(user, 'thread', 'GET', `/rooms/${user.open.roomId}/messages/${pick(roots).id}/thread`);
  },
  async threadRead(user) {
    if (!user.open || !user.rooms.has(user.open.roomId)) return;
    await markRead(user, user.open.roomId);
  },
  async permalink(user) {
    const roots = topLevel(user);
    if (!roots.length) return actions.switchRoom(user);
    const m = pick(roots);
    const roomId = user.open.roomId;
    const one = await call(user, 'permalink', 'GET', `/rooms/${roomId}/messages/${m.id}`);
    if (one) await call(user, 'history', 'GET', `/rooms/${roomId}/messages?limit=50&before=${m.seq + 25}`);
  },
  async reconnect(user) {
    user.socket?.close();
    const t = now();
    const { socket, error } = await openSocket(user);
    if (!running) return socket?.close();
    if (error) return fail('reconnect', error);
    user.socket = socket;
    const c = clazz('reconnect');
    c.count += 1;
    recordMs(c.latency, now() - t);
    const rooms = Object.fromEntries(
      myRoomIds(user)
        .slice(0, 200)
        .map((id) => [id, user.rooms.get(id).lastSeq]),
    );
    await emit(user, 'sync', 'sync', { rooms });
  },
  async reaction(user) {
    const roots = topLevel(user);
    if (!roots.length || !user.rooms.has(user.open.roomId)) return;
    await call(user, 'reaction', 'PUT', `/rooms/${user.open.roomId}/messages/${pick(roots).id}/reactions/${encodeURIComponent(pick(EMOJIS))}`);
  },
  searchMessages: (user) =>
    call(user, 'search-messages', 'GET', `/messages/search?q=${pick(['planning', 'course schedule', 'quarterly', 'number 1'])}&limit=20`),
  searchUsers: (user) => call(user, 'search-users', 'GET', `/users?search=c${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`),
  searchRooms: (user) => call(user, 'search-rooms', 'GET', `/rooms?search=${pick(['group', 'course', 'group 1', 'course 2'])}`),
  async edit(user) {
    const m = user.mine.length ? pick(user.mine) : null;
    if (!m) return;
    await call(user, 'edit', 'PATCH', `/rooms/${m.roomId}/messages/${m.id}`, { content: `edited at ${now()}` });
  },
  async delete(user) {
    const m = user.mine.pop();
    if (!m) return;
    await call(user, 'delete', 'DELETE', `/rooms/${m.roomId}/messages/${m.id}`);
  },
  async joinRoom(user) {
    const candidates = user.joinable.filter((id) => !user.rooms.has(id));
    if (!candidates.length) return;
    const roomId = pick(candidates);
    user.rooms.set(roomId, { lastSeq: 0 });
    await call(user, 'join', 'POST', `/rooms/${roomId}/join`);
  },
  async createDirect(user) {
    const r = await call(user, 'direct', 'POST', '/rooms/direct', { user_id: pick(user.directory) });
    if (r?.room) user.rooms.set(r.room.id, user.rooms.get(r.room.id) ?? { lastSeq: 0 });
  },
};

function chooseAction() {
  let x = Math.random() * TOTAL_WEIGHT;
  for (const [name, w] of ACTIONS) {
    x -= w;
    if (x < 0) return name;
  }
  return ACTIONS[0][0];
}

async function live(user) {
  while (running) {
    await new Promise((resolve) => setTimeout(resolve, idleMs()));
    if (!running) break;
    const name = chooseAction();
    try {
      await actions[name](user);
    } catch (error) {
      fail(name, error instanceof Error ? error.message : String(error));
    }
  }
}

const handlers = {
  /** Who this process simulates; `directory` is user ids anyone may open a direct room with. */
  setup(args) {
    url = args.url;
    running = true;
    return { ok: true };
  },
  /**
   * Brings `add` more users online (socket connected at `rate` per second, at most 100
   * handshakes at once), each starting its loop at once. Returns connect failures.
   */
  async addUsers({ add, rate = 200, directory, joinable }) {
    const places = semaphore(100);
    const errors = {};
    let failed = 0;
    const pending = [];
    const started = performance.now();
    const loop = openLoop(rate, add.length, (k) => {
      pending.push(
        (async () => {
          await places.acquire();
          const u = add[k];
          const user = {
            id: u.userId,
            token: u.token,
            url: u.url ?? url,
            rooms: new Map(u.rooms.map((r) => [r.id, { lastSeq: r.lastSeq }])),
            directory,
            joinable,
            mine: [],
            open: null,
            members: null,
            socket: null,
          };
          const { socket, error } = await openSocket(user);
          places.release();
          if (error) {
            failed += 1;
            errors[error] = (errors[error] ?? 0) + 1;
            return;
          }
          user.socket = socket;
          users.push(user);
          live(user);
        })(),
      );
    });
    await loop.done;
    await Promise.all(pending);
    userCount = users.length;
    return { connected: add.length - failed, failed, errors, seconds: (performance.now() - started) / 1000 };
  },
  /**
   * Warm-up (unmeasured: a `reset` follows): `count` actions by weight of random online
   * users, spread over `ms`, so a fresh server's JIT, pools and plans are not the first step's p99.
   */
  async warm({ count, ms }) {
    const pending = [];
    await openLoop((count * 1000) / ms, count, () => {
      const user = pick(users);
      pending.push(actions[chooseAction()](user).catch(() => undefined));
    }).done;
    await Promise.all(pending);
    return { ok: true };
  },
  /** Starts a measured window: histograms and counters from now. */
  reset() {
    classes = new Map();
    deliveries = { count: 0, latency: newHistogram() };
    typingReceived = 0;
    meter = cpuMeter();
    return { ok: true };
  },
  /** The window since `reset`: per class histograms (encoded), errors; this process's CPU share. */
  collect() {
    return {
      users: userCount,
      online: users.filter((u) => u.socket?.connected).length,
      cpu: meter(),
      classes: Object.fromEntries(
        [...classes].map(([name, c]) => [name, { count: c.count, errors: c.errors, statuses: c.statuses, hdr: encodeHistogram(c.latency) }]),
      ),
      deliveries: { count: deliveries.count, hdr: encodeHistogram(deliveries.latency) },
      typingReceived,
    };
  },
  stop() {
    running = false;
    for (const u of users) u.socket?.close();
    return { ok: true };
  },
};

serveCommands(handlers);
