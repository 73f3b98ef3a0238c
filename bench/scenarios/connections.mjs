// connections: idle authenticated sockets, each in 5 rooms, held by one server process;
// resident memory per connection for Parley and for raw Socket.IO.
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { baselineUsers, seedParleyUsers } from '../lib/chat.mjs';
import { createDatabase, rssBytes, startBaseline, startParley, withCpu } from '../lib/infra.mjs';
import { startLoad } from '../lib/load.mjs';
import { JWT_SECRET } from '../lib/seed.mjs';
import { ratio } from '../lib/steps.mjs';

const WANTED = 20_000;
const ROOMS_EACH = 5;
const ROOM_SIZE = 10;
const GENERATORS = 2;

/** File descriptors one process may open here (a server holding N sockets needs N plus its own). */
const fdLimit = () => Number(execFileSync('sh', ['-c', 'ulimit -n']).toString().trim()) || Infinity;

export default {
  name: 'connections',
  title: 'connections: idle authenticated sockets, each in 5 rooms, held by one process',
  target: `${WANTED.toLocaleString('en')} held; <= 24 KB RSS each and <= 1.5 x raw Socket.IO`,
  async run({ adminUrl, quick, progress }) {
    const limit = fdLimit();
    const count = quick ? 1000 : Math.min(WANTED, Math.floor((limit - 200) / 10) * 10);
    if (count < WANTED && !quick) progress(`open-files limit here is ${limit}: holding ${count} sockets per server instead of ${WANTED}`);
    const layers = Math.floor(count / ROOM_SIZE);
    // Five layers of rooms of 10; each layer groups users shifted by 3, so a user's 5 rooms hold different people.
    const roomsOf = (i) => Array.from({ length: ROOMS_EACH }, (_, j) => j * layers + Math.floor(((i + j * 3) % count) / ROOM_SIZE));

    async function hold(label, server, users) {
      await sleep(1000);
      const before = rssBytes(server.pid);
      const loads = Array.from({ length: GENERATORS }, (_, g) => startLoad(`${label}-${g}`));
      try {
        const share = Math.ceil(users.length / GENERATORS);
        const { result, cpu } = await withCpu(server.pid, () =>
          Promise.all(
            loads.map((load, g) =>
              load.call('connect', { url: server.url, users: users.slice(g * share, (g + 1) * share), rate: 400, concurrency: 100 }),
            ),
          ),
        );
        await sleep(3000);
        const after = rssBytes(server.pid);
        const connected = result.reduce((n, r) => n + r.connected, 0);
        const failed = result.reduce((n, r) => n + r.failed, 0);
        const seconds = Math.max(...result.map((r) => r.seconds));
        progress(
          `${label}: ${connected} connected (${failed} failed) in ${seconds.toFixed(1)} s; RSS ${(before / 2 ** 20).toFixed(0)} -> ${(after / 2 ** 20).toFixed(0)} MiB`,
        );
        return {
          connected,
          failed,
          errors: result.map((r) => r.errors),
          seconds,
          rssBeforeMiB: before / 2 ** 20,
          rssAfterMiB: after / 2 ** 20,
          bytesPerConnection: connected ? (after - before) / connected : null,
          connectLatency: result[0].latency,
          cpu: { ...cpu, generator: result.reduce((n, r) => n + r.cpu, 0) },
        };
      } finally {
        for (const load of loads) load.stop();
      }
    }

    const databaseUrl = await createDatabase(adminUrl, 'bench_connections');
    const parley = await startParley({ databaseUrl, jwtSecret: JWT_SECRET });
    let parleyRun;
    try {
      const users = await seedParleyUsers(databaseUrl, count, layers * ROOMS_EACH, roomsOf);
      parleyRun = await hold('parley', parley, users);
    } finally {
      await parley.stop();
    }
    const baseline = await startBaseline('socketio-relay.mjs');
    let baseRun;
    try {
      baseRun = await hold('baseline', baseline, baselineUsers(count, roomsOf));
    } finally {
      await baseline.stop();
    }
    const kb = (b) => (b === null ? null : b / 1024);
    return {
      unit: 'sockets',
      parley: { ...parleyRun, steps: [] },
      baseline: { ...baseRun, steps: [] },
      latency: { parley: parleyRun.connectLatency, baseline: baseRun.connectLatency },
      latencyLabel: 'handshake, from due time to connected (400/s per generator)',
      table: [
        { metric: 'sockets held', parley: parleyRun.connected, baseline: baseRun.connected, target: `${WANTED}`, met: parleyRun.connected >= WANTED },
        {
          metric: 'RSS per connection (KB)',
          parley: kb(parleyRun.bytesPerConnection),
          baseline: kb(baseRun.bytesPerConnection),
          ratio: ratio(parleyRun.bytesPerConnection, baseRun.bytesPerConnection),
          target: '<= 24 KB and <= 1.5 x',
          met: kb(parleyRun.bytesPerConnection) <= 24 && ratio(parleyRun.bytesPerConnection, baseRun.bytesPerConnection) <= 1.5,
        },
        { metric: 'RSS with all connected (MiB)', parley: parleyRun.rssAfterMiB, baseline: baseRun.rssAfterMiB },
        { metric: 'time to connect all (s)', parley: parleyRun.seconds, baseline: baseRun.seconds },
      ],
      notes: [
        `Each socket authenticates (Parley: token, live session, its rooms) and sits in ${ROOMS_EACH} rooms of ${ROOM_SIZE}; ${GENERATORS} generator processes connect them at 400/s each. Memory is the server's resident set after all connected and 3 s of quiet, minus before.`,
        ...(count < WANTED && !quick
          ? [
              `This machine caps a process at ${limit} open files (hard limit, not raisable here), so ${count} sockets is the most one server process can hold; the per-connection figures do not depend on it.`,
            ]
          : []),
      ],
    };
  },
};
