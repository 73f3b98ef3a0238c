#!/usr/bin/env node
// Parley's CPU of the room switch (capacity's dominant action), under a small fixed load, read from
// /proc/<pid>/stat of the server: a number a busy machine still reports (latency is not, here). Two
// ways to switch are measured: the three requests clients made before GET /rooms/{id}/open (the newest
// history page, the members page, POST /read) and the way they make it now (GET /rooms/{id}/open, then
// the socket's `read`). Every user holds a socket (as in the capacity scenario), so each mark-read fans
// its `read` event out to the room's 20 members either way. Run after `npm run build`:
//   node bench/room-switch-cpu.mjs                       # 20 users x 10 rooms of 20, 200 messages each
//   BENCH_PROFILE=1 node bench/room-switch-cpu.mjs       # plus a V8 CPU profile in .data/bench/profiles
//   ROOM_SWITCH_COMPARE=/path/to/other/dist/src/main.js node bench/room-switch-cpu.mjs
//       # a second build (say main's) booted on the same database and measured in alternation with this one:
//       # the two see the same machine, so their ratio holds on a busy one (a build without /open skips its kinds)
//   ROOM_SWITCH_KINDS=history,open node bench/room-switch-cpu.mjs   # only these kinds (and no switch units unless named)
// Prints one JSON line: per build, CPU ms per request of each kind (each kind alone, after a warm-up), per
// request and per switch of the two switches, split into user and system time, and the embedded PostgreSQL's CPU.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpuSeconds, createDatabase, killAll, postgresCpuSeconds, ROOT, startParley, startPostgres } from './lib/infra.mjs';
import { io } from 'socket.io-client';
import { JWT_SECRET, seedMessages, seedRooms, seedUsers, settle, withClient } from './lib/seed.mjs';

const SWITCHES = Number(process.env.ROOM_SWITCHES ?? 1500);
const ROUNDS = Number(process.env.ROOM_SWITCH_ROUNDS ?? 3);
const CONCURRENCY = Number(process.env.ROOM_SWITCH_CONCURRENCY ?? 4);
const COMPARE = process.env.ROOM_SWITCH_COMPARE;
const ONLY = process.env.ROOM_SWITCH_KINDS?.split(',').filter(Boolean);
const USERS = 20;
const ROOMS = 10;
const HISTORY = 200;

/** The embedded PostgreSQL's CPU seconds (its postmaster, live and exited children), not other users' servers on the machine. */
function ourPostgresCpuSeconds() {
  let master;
  try {
    master = Number(readFileSync(join(ROOT, '.data/bench/postgres/postmaster.pid'), 'utf8').split('\n')[0]);
  } catch {
    return postgresCpuSeconds(); // DATABASE_URL: every postgres process
  }
  let total = cpuSeconds(master, { withChildren: true });
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === master) total += cpuSeconds(entry);
    } catch {
      // gone meanwhile
    }
  }
  return total;
}

/** A process's [user, system] CPU seconds (/proc/<pid>/stat). */
function userSystemSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return [Number(fields[11]) / 100, Number(fields[12]) / 100];
}

const postgres = await startPostgres(() => undefined);
const servers = [];
const sockets = [];
try {
  const databaseUrl = await createDatabase(postgres.adminUrl, 'bench_room_switch');
  servers.push({ label: 'this build', server: await startParley({ databaseUrl, jwtSecret: JWT_SECRET }) }); // migrates the database
  if (COMPARE) servers.push({ label: COMPARE, server: await startParley({ databaseUrl, jwtSecret: JWT_SECRET, main: COMPARE }) });
  const { users, roomIds } = await withClient(databaseUrl, async (db) => {
    const users = await seedUsers(db, USERS);
    const ids = users.map((u) => u.id);
    // Every user in every room (a rotated owner), so any user may open any room.
    const roomIds = await seedRooms(
      db,
      Array.from({ length: ROOMS }, (_, r) => [...ids.slice(r % USERS), ...ids.slice(0, r % USERS)]),
    );
    for (const roomId of roomIds) await seedMessages(db, roomId, HISTORY, ids);
    await settle(db);
    return { users, roomIds };
  });
  for (const { server } of servers) server.sockets = await Promise.all(users.map((user) => connectSocket(server, user, sockets)));
  const kinds = {
    history: (roomId) => ['GET', `/rooms/${roomId}/messages?limit=50`],
    members: (roomId) => ['GET', `/rooms/${roomId}/members`],
    read: (roomId) => ['POST', `/rooms/${roomId}/read`],
    open: (roomId) => ['GET', `/rooms/${roomId}/open`],
    readSocket: (roomId) => ['socket', 'read', { room_id: roomId }],
  };
  let n = 0;
  const request = async (server, kind) => {
    const i = n++;
    const [method, path, payload] = kinds[kind](roomIds[(i * 7) % ROOMS]);
    if (method === 'socket') return socketRequest(server.sockets[i % USERS], path, payload);
    const res = await fetch(`${server.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${users[i % USERS].token}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  };
  // A build without GET /rooms/{id}/open (the branch point, say) is measured on the old switch only.
  for (const entry of servers) {
    const res = await fetch(`${entry.server.url}/api/v1/rooms/${roomIds[0]}/open`, { headers: { authorization: `Bearer ${users[0].token}` } });
    await res.arrayBuffer();
    entry.opens = res.ok;
  }
  /** `count` units of work, `CONCURRENCY` at a time; CPU seconds of Parley and PostgreSQL over them. */
  const run = async (server, count, unit) => {
    const server0 = cpuSeconds(server.pid);
    const [user0, system0] = userSystemSeconds(server.pid);
    const pg0 = ourPostgresCpuSeconds();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) {
          next += 1;
          await unit();
        }
      }),
    );
    const [user1, system1] = userSystemSeconds(server.pid);
    return { server: cpuSeconds(server.pid) - server0, user: user1 - user0, system: system1 - system0, postgres: ourPostgresCpuSeconds() - pg0 };
  };
  /** The two ways to switch rooms, and how many requests (HTTP or socket events) each makes. */
  const switches = {
    switch: {
      requests: 3,
      unit: (server) => async () => {
        await request(server, 'history');
        await request(server, 'members');
        await request(server, 'read');
      },
    },
    openSwitch: {
      requests: 2,
      unit: (server) => async () => {
        await request(server, 'open');
        await request(server, 'readSocket');
      },
    },
  };
  const needsOpen = (kind) => kind === 'open' || kind === 'openSwitch';
  const chosen = (kind) => !ONLY || ONLY.includes(kind);
  for (const { server, opens } of servers) {
    // warm-up: JIT, caches, pool
    for (const [name, { unit }] of Object.entries(switches)) if (opens || !needsOpen(name)) await run(server, Math.min(SWITCHES, 600), unit(server));
  }
  const totals = servers.map(() => ({}));
  const add = (i, kind, cpu, requests, units) => {
    const t = (totals[i][kind] ??= { requests: 0, units: 0, server: 0, user: 0, system: 0, postgres: 0 });
    t.requests += requests;
    t.units += units;
    for (const k of ['server', 'user', 'system', 'postgres']) t[k] += cpu[k];
  };
  // Rounds, and within each the builds in turn: both meet the same moments of a busy machine.
  const per = Math.ceil(SWITCHES / ROUNDS);
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const kind of Object.keys(kinds).filter(chosen)) {
      for (const [i, { server, opens }] of servers.entries()) {
        if (opens || !needsOpen(kind)) add(i, kind, await run(server, per, () => request(server, kind)), per, per);
      }
    }
    for (const [name, { requests, unit }] of Object.entries(switches).filter(([name]) => chosen(name))) {
      for (const [i, { server, opens }] of servers.entries()) {
        if (opens || !needsOpen(name)) add(i, name, await run(server, per, unit(server)), requests * per, per);
      }
    }
  }
  const ms = (t, by) =>
    Object.fromEntries(['server', 'user', 'system', 'postgres'].map((k) => [`${k}Ms`, Number(((t[k] * 1000) / t[by]).toFixed(3))]));
  const loadavg = Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
  const result = servers.map(({ label }, i) => ({
    build: label,
    perRequest: Object.fromEntries(Object.entries(totals[i]).map(([k, t]) => [k, ms(t, 'requests')])),
    perSwitch: Object.fromEntries(
      Object.entries(totals[i])
        .filter(([k]) => k in switches)
        .map(([k, t]) => [k, ms(t, 'units')]),
    ),
  }));
  process.stdout.write(
    `${JSON.stringify({ at: new Date().toISOString(), loadavg, switches: SWITCHES, rounds: ROUNDS, concurrency: CONCURRENCY, result })}\n`,
  );
} finally {
  for (const socket of sockets) socket.close();
  for (const { server } of servers) await server.stop();
  killAll();
  await postgres.stop();
}

/** A socket of `user` on `server` (kept in `all` to close at the end): in every room's channel, as a client is. */
function connectSocket(server, user, all) {
  return new Promise((resolve, reject) => {
    const socket = io(`${server.url}/chat`, { auth: { token: user.token }, transports: ['websocket'], reconnection: false, forceNew: true });
    all.push(socket);
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => reject(new Error(`socket of ${user.id}: ${error.message}`)));
  });
}

/** A client event with its ack; a refusal or no answer in 10 s fails the run, as a failed HTTP request does. */
function socketRequest(socket, event, payload) {
  return new Promise((resolve, reject) => {
    socket.timeout(10_000).emit(event, payload, (error, ack) => {
      if (error || !ack?.ok) reject(new Error(`${event}: ${error?.message ?? JSON.stringify(ack?.error)}`));
      else resolve(ack.data);
    });
  });
}
