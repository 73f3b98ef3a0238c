// notify: an `@room` in a course room of 5,000 members, 3,000 of them connected and 2,000 away,
// every member with a web push subscription pointing at a stand-in push service in this
// process. Measures the time until the stand-in holds the 2,000 away members' pushes (each
// once, none for a connected member), and the room's sends meanwhile (announcements from the
// owner to the 2,999 other sockets) against raw Socket.IO holding the same sockets.
import { createECDH, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import webpush from 'web-push';
import { baselineUsers, GENERATORS, seedParleyUsers } from '../lib/chat.mjs';
import { createDatabase, startBaseline, startParley, withCpu } from '../lib/infra.mjs';
import { startLoads } from '../lib/load.mjs';
import { JWT_SECRET, settle, withClient } from '../lib/seed.mjs';
import { ratio } from '../lib/steps.mjs';

const MEMBERS = 5000;
const CONNECTED = 3000;
const AWAY = MEMBERS - CONNECTED;
const TARGET_SECONDS = 30;

/** One step with the server's and PostgreSQL's CPU, as the rate searches report them. */
async function measured(serverPid, work) {
  const { result, cpu } = await withCpu(serverPid, work);
  return { ...result, pass: result.lost === 0 && result.ackErrors === 0, cpu: { ...cpu, generator: result.cpu, generators: result.generators } };
}

/** A push service stand-in: 201 to every POST /push/<member index>, counting what each endpoint received. */
async function startPushSink() {
  const received = new Map();
  let last = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const i = Number(req.url.split('/').pop());
      received.set(i, (received.get(i) ?? 0) + 1);
      last = performance.now();
      res.writeHead(201).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    received,
    lastAt: () => last,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** Every member a web push subscription (one valid P-256 key for all: the stand-in decrypts nothing). */
async function seedDevices(databaseUrl, users, sinkUrl) {
  const p256dh = createECDH('prime256v1');
  p256dh.generateKeys();
  const key = p256dh.getPublicKey('base64url');
  await withClient(databaseUrl, async (db) => {
    await db.query(`UPDATE rooms SET room_type = 'COURSE' WHERE id = $1`, [users[0].rooms[0]]);
    await db.query(
      `INSERT INTO notification_devices (user_id, id, kind, endpoint, p256dh, auth)
       SELECT u, gen_random_uuid(), 'web', $2 || '/push/' || (i - 1), $3, $4 FROM unnest($1::uuid[]) WITH ORDINALITY AS t(u, i)`,
      [users.map((u) => u.userId), sinkUrl, key, randomBytes(16).toString('base64url')],
    );
    await settle(db);
  });
}

export default {
  name: 'notify',
  title: `notify: @room in a course room of ${MEMBERS.toLocaleString('en')} members, ${AWAY.toLocaleString('en')} away with web push`,
  target: `every away member's push handed to the stand-in push service within ${TARGET_SECONDS} s, each once, none to a connected member; announcements meanwhile: p99 and deliveries/s against raw Socket.IO`,
  async run({ adminUrl, quick, progress }) {
    const rate = quick ? 5 : 10;
    const durationMs = quick ? 4000 : 8000;
    const databaseUrl = await createDatabase(adminUrl, 'bench_notify');
    const sink = await startPushSink();
    const vapid = webpush.generateVAPIDKeys();
    const parley = await startParley({
      databaseUrl,
      jwtSecret: JWT_SECRET,
      env: { NOTIFICATION_ALLOW_PRIVATE: 'true', VAPID_PUBLIC_KEY: vapid.publicKey, VAPID_PRIVATE_KEY: vapid.privateKey },
    });
    const step = { event: 'message', rate, durationMs, senders: [0], receiversPerEvent: CONNECTED - 1 };
    let parleyStep;
    let seconds = null;
    let ackMs;
    let load;
    try {
      const users = await seedParleyUsers(databaseUrl, MEMBERS, 1, () => [0]);
      await seedDevices(databaseUrl, users, sink.url);
      load = startLoads('parley', GENERATORS);
      const connected = await load.connect({ urlOf: () => parley.url, users: users.slice(0, CONNECTED), rate: 1000 });
      if (connected.failed) throw new Error(`${connected.failed} sockets failed to connect`);
      progress(`parley: ${connected.connected} sockets connected in ${connected.seconds.toFixed(1)} s`);
      await load.chatStep({ ...step, rate: 2, durationMs: 2000 }); // warm-up
      const started = performance.now();
      const steps = measured(parley.pid, () => load.chatStep(step));
      const res = await fetch(`${parley.url}/api/v1/rooms/${users[0].rooms[0]}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${users[0].auth.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ content: '@room the exam moves to Friday' }),
      });
      ackMs = performance.now() - started;
      if (!res.ok) throw new Error(`@room send: ${res.status} ${await res.text()}`);
      const deadline = started + 120_000;
      const awayReceived = () => [...sink.received.keys()].filter((i) => i >= CONNECTED).length;
      while (awayReceived() < AWAY && performance.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      if (awayReceived() === AWAY) seconds = (sink.lastAt() - started) / 1000;
      parleyStep = await steps;
      progress(
        `parley: ${awayReceived()} of ${AWAY} away members pushed in ${seconds?.toFixed(1) ?? '-'} s; announcements p99 ${parleyStep.latency.p99} ms`,
      );
    } finally {
      load?.stop();
      await parley.stop();
      await sink.close();
    }
    const pushedTwice = [...sink.received.values()].filter((n) => n > 1).length;
    const pushedConnected = [...sink.received.keys()].filter((i) => i < CONNECTED).length;
    const awayPushed = [...sink.received.keys()].filter((i) => i >= CONNECTED).length;

    const baseline = await startBaseline('socketio-relay.mjs');
    const baseLoad = startLoads('baseline', GENERATORS);
    let baseStep;
    try {
      await baseLoad.connect({ urlOf: () => baseline.url, users: baselineUsers(CONNECTED, () => [0]), rate: 1000 });
      await baseLoad.chatStep({ ...step, rate: 2, durationMs: 2000 });
      baseStep = await measured(baseline.pid, () => baseLoad.chatStep(step));
    } finally {
      baseLoad.stop();
      await baseline.stop();
    }
    const met = seconds !== null && seconds <= TARGET_SECONDS && pushedTwice === 0 && pushedConnected === 0;
    return {
      unit: 'announcements/s',
      bound: null,
      parley: { steps: [parleyStep], best: parleyStep },
      baseline: { steps: [baseStep], best: baseStep },
      latency: { parley: parleyStep.latency, baseline: baseStep.latency },
      latencyLabel: `announcements at ${rate}/s while the @room's notifications go out`,
      table: [
        {
          metric: `seconds from the @room send until the stand-in held all ${AWAY} away members' pushes`,
          parley: seconds,
          target: `<= ${TARGET_SECONDS}`,
          met,
        },
        { metric: 'away members pushed / pushed twice / connected members pushed', parley: `${awayPushed} / ${pushedTwice} / ${pushedConnected}` },
        { metric: '@room send acknowledged (ms)', parley: Math.round(ackMs) },
        {
          metric: `announcement p99 at ${rate}/s meanwhile (ms)`,
          parley: parleyStep.latency.p99,
          baseline: baseStep.latency.p99,
          ratio: ratio(baseStep.latency.p99, parleyStep.latency.p99),
        },
        {
          metric: 'deliveries/s meanwhile',
          parley: parleyStep.deliveriesPerSecond,
          baseline: baseStep.deliveriesPerSecond,
          ratio: ratio(parleyStep.deliveriesPerSecond, baseStep.deliveriesPerSecond),
        },
        { metric: 'lost deliveries meanwhile', parley: parleyStep.lost, baseline: baseStep.lost },
      ],
      notes: [
        `Every member has a web push subscription; the ${CONNECTED} connected ones (announcements reach their sockets) must get no push. The push waits NOTIFICATION_PUSH_DELAY_MS (3 s) for more messages to collapse into it, inside the measured time. The ratio of p99s is baseline / Parley.`,
      ],
    };
  },
};
