// catch-up: 500 of 1000 clients drop for a while (60 s) as 50,000 messages are sent to their
// rooms, then reconnect and page `sync`; every missed message must arrive exactly once.
import { seedParleyUsers } from '../lib/chat.mjs';
import { createDatabase, startParley } from '../lib/infra.mjs';
import { startLoad } from '../lib/load.mjs';
import { JWT_SECRET } from '../lib/seed.mjs';

const SOCKETS = 1000;
const ROOM_SIZE = 10;

export default {
  name: 'catchup',
  title: 'catch-up: 500 clients drop for 60 s while 50,000 messages are sent, then reconnect and sync',
  target: 'zero lost, zero duplicated; time to fully caught up reported',
  async run({ adminUrl, quick, progress }) {
    const seconds = quick ? 4 : 60;
    const messages = quick ? 2000 : 50_000;
    const databaseUrl = await createDatabase(adminUrl, 'bench_catchup');
    const parley = await startParley({ databaseUrl, jwtSecret: JWT_SECRET });
    const load = startLoad('catchup');
    try {
      const users = await seedParleyUsers(databaseUrl, SOCKETS, SOCKETS / ROOM_SIZE, (i) => [Math.floor(i / ROOM_SIZE)]);
      await load.call('connect', { url: parley.url, users, rate: 1000, track: true });
      const all = users.map((_, i) => i);
      const droppers = all.filter((i) => i % ROOM_SIZE < ROOM_SIZE / 2);
      const senders = all.filter((i) => i % ROOM_SIZE >= ROOM_SIZE / 2);
      await load.call('chatStep', { event: 'message', rate: 200, durationMs: 2000, senders: all, receiversPerEvent: ROOM_SIZE - 1 });
      await load.call('drop', { indices: droppers });
      progress(`${droppers.length} clients dropped; sending ${messages.toLocaleString('en')} messages over ${seconds} s`);
      const sent = await load.call('chatStep', {
        event: 'message',
        rate: messages / seconds,
        durationMs: seconds * 1000,
        senders,
        receiversPerEvent: ROOM_SIZE / 2 - 1,
      });
      progress(`sent: ${sent.sent} messages, ${sent.ackErrors} ack errors, live p99 ${sent.latency.p99} ms; reconnecting`);
      const resync = await load.call('resync', { url: parley.url, indices: droppers, rate: 1000 });
      const check = await load.call('verify', { indices: droppers });
      progress(`caught up in ${resync.seconds.toFixed(1)} s: expected ${check.expected}, lost ${check.lost}, duplicated ${check.duplicated}`);
      return {
        unit: 'messages',
        sent,
        resync,
        check,
        latency: { parley: resync.caughtUp },
        latencyLabel: 'per client, from reconnect due time to caught up',
        table: [
          { metric: 'missed messages to recover (sum over clients)', parley: check.expected },
          { metric: 'lost', parley: check.lost, target: '0', met: check.lost === 0 },
          {
            metric: 'duplicated (a seq twice in the live stream or twice in sync)',
            parley: check.duplicated,
            target: '0',
            met: check.duplicated === 0,
          },
          { metric: 'time until all clients caught up (s)', parley: resync.seconds },
          { metric: 'sync calls', parley: resync.syncCalls },
          { metric: 'send ack errors during the outage', parley: sent.ackErrors, target: '0', met: sent.ackErrors === 0 },
        ],
        notes: [
          `${droppers.length} clients (5 per room of 10) drop; the other 5 per room send ${messages.toLocaleString('en')} messages over ${seconds} s; then the ${droppers.length} reconnect (1000/s) and page \`sync\` (100 per room per call, has_more).`,
          'Messages that arrive live after the reconnect and also come back in sync are counted as overlap (a client drops them by seq), not as duplicates.',
        ],
      };
    } finally {
      load.stop();
      await parley.stop();
    }
  },
};
