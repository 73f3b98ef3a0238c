#!/usr/bin/env node
// Parley's CPU per request of the room switch (capacity's dominant action: the newest history page,
// the members page, mark read), under a small fixed load, read from /proc/<pid>/stat of the server:
// a number a busy machine still reports (latency is not, here). Run after `npm run build`:
//   node bench/room-switch-cpu.mjs                       # 20 users x 10 rooms of 20, 200 messages each
//   BENCH_PROFILE=1 node bench/room-switch-cpu.mjs       # plus a V8 CPU profile in .data/bench/profiles
//   ROOM_SWITCHES=3000 ROOM_SWITCH_CONCURRENCY=4 node bench/room-switch-cpu.mjs
// Prints one JSON line: CPU ms per request of each kind (each kind run alone, after a warm-up) and of the switch.
import { cpuSeconds, createDatabase, killAll, postgresCpuSeconds, startParley, startPostgres } from './lib/infra.mjs';
import { JWT_SECRET, seedMessages, seedRooms, seedUsers, settle, withClient } from './lib/seed.mjs';

const SWITCHES = Number(process.env.ROOM_SWITCHES ?? 1500);
const CONCURRENCY = Number(process.env.ROOM_SWITCH_CONCURRENCY ?? 4);
const USERS = 20;
const ROOMS = 10;
const HISTORY = 200;

const postgres = await startPostgres(() => undefined);
let parley;
try {
  const databaseUrl = await createDatabase(postgres.adminUrl, 'bench_room_switch');
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
  parley = await startParley({ databaseUrl, jwtSecret: JWT_SECRET });
  const kinds = {
    history: (roomId) => ['GET', `/rooms/${roomId}/messages?limit=50`],
    members: (roomId) => ['GET', `/rooms/${roomId}/members`],
    read: (roomId) => ['POST', `/rooms/${roomId}/read`],
  };
  let n = 0;
  const request = async (kind) => {
    const i = n++;
    const user = users[i % USERS];
    const [method, path] = kinds[kind](roomIds[(i * 7) % ROOMS]);
    const res = await fetch(`${parley.url}/api/v1${path}`, { method, headers: { authorization: `Bearer ${user.token}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status}`);
  };
  /** `count` units of work, `CONCURRENCY` at a time; CPU seconds of Parley and PostgreSQL over them. */
  const run = async (count, unit) => {
    const server0 = cpuSeconds(parley.pid);
    const pg0 = postgresCpuSeconds();
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < count) {
          next += 1;
          await unit();
        }
      }),
    );
    return { server: cpuSeconds(parley.pid) - server0, postgres: postgresCpuSeconds() - pg0 };
  };
  const roomSwitch = async () => {
    await request('history');
    await request('members');
    await request('read');
  };
  await run(Math.min(SWITCHES, 600), roomSwitch); // warm-up: JIT, caches, pool
  const perRequest = {};
  for (const kind of Object.keys(kinds)) {
    const cpu = await run(SWITCHES, () => request(kind));
    perRequest[kind] = { serverMs: (cpu.server * 1000) / SWITCHES, postgresMs: (cpu.postgres * 1000) / SWITCHES };
  }
  const cpu = await run(SWITCHES, roomSwitch);
  perRequest.switch = { serverMs: (cpu.server * 1000) / (3 * SWITCHES), postgresMs: (cpu.postgres * 1000) / (3 * SWITCHES) };
  process.stdout.write(`${JSON.stringify({ switches: SWITCHES, concurrency: CONCURRENCY, perRequest })}\n`);
} finally {
  await parley?.stop();
  killAll();
  await postgres.stop();
}
