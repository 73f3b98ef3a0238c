// course: an LMS course room of 5,000 enrolled students, 2,000 of them connected;
// announcements from the owner at rising rates, each delivered to 1,999 sockets.
// Parley against raw Socket.IO holding the same 2,000 sockets in one room.
import { chatRateSearch, baselineUsers, fanoutReport, seedParleyUsers } from '../lib/chat.mjs';
import { createDatabase, startBaseline, startParley } from '../lib/infra.mjs';
import { JWT_SECRET } from '../lib/seed.mjs';
import { ratio } from '../lib/steps.mjs';

const MEMBERS = 5000;
const CONNECTED = 2000;
const P99_BOUND_MS = 200;

export default {
  name: 'course',
  title: 'course room: 5,000 members, 2,000 connected, announcements from the owner to 1,999 sockets',
  target: `deliveries/s at p99 <= ${P99_BOUND_MS} ms with no loss >= 0.8 x raw Socket.IO; time for 2,000 sockets to connect (each joins the room's channel) reported`,
  async run({ adminUrl, quick, progress }) {
    const search = {
      event: 'message',
      rates: quick ? [10] : [5, 10, 15, 20, 25, 30, 40, 50, 60],
      durationMs: quick ? 2000 : 4000,
      senders: [0], // the owner (seeded first)
      receiversPerEvent: CONNECTED - 1,
      passes: (r) => r.latency.p99 !== null && r.latency.p99 <= P99_BOUND_MS && r.lost === 0 && r.ackErrors === 0,
      progress,
      warmRate: 2,
      connectRate: 500,
    };
    const databaseUrl = await createDatabase(adminUrl, 'bench_course');
    const parley = await startParley({ databaseUrl, jwtSecret: JWT_SECRET });
    let parleyRun;
    try {
      const users = await seedParleyUsers(databaseUrl, MEMBERS, 1, () => [0]);
      parleyRun = await chatRateSearch({ ...search, label: 'parley', server: parley, users: users.slice(0, CONNECTED) });
    } finally {
      await parley.stop();
    }
    const baseline = await startBaseline('socketio-relay.mjs');
    let baseRun;
    try {
      baseRun = await chatRateSearch({ ...search, label: 'baseline', server: baseline, users: baselineUsers(CONNECTED, () => [0]) });
    } finally {
      await baseline.stop();
    }
    return fanoutReport({
      unit: 'announcements/s',
      bound: P99_BOUND_MS,
      parleyRun,
      baseRun,
      rows: [
        {
          metric: `time for ${CONNECTED} sockets to connect, 500/s offered (s)`,
          parley: parleyRun.connect.seconds,
          baseline: baseRun.connect.seconds,
          ratio: ratio(parleyRun.connect.seconds, baseRun.connect.seconds),
        },
        { metric: 'connect p99 (ms)', parley: parleyRun.connect.latency.p99, baseline: baseRun.connect.latency.p99 },
      ],
      notes: [
        `Parley: ${MEMBERS} members in the room (seeded), the first ${CONNECTED} connected; each connect authenticates and joins the room's channel. Every announcement is persisted (seq, commit) before it fans out; the raw baseline keeps nothing.`,
      ],
    });
  },
};
