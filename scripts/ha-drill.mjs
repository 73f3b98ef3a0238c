#!/usr/bin/env node
// PostgreSQL failover drill (npm run ha:drill; docs/operations.md, "Topology: PostgreSQL failover").
//
// Starts on this machine, in a temporary folder on spare ports: etcd (one member), two Patroni
// nodes (synchronous_mode: deploy/ha/patroni.yml) and HAProxy checking Patroni's GET /primary
// (deploy/ha/haproxy.cfg); then Parley nodes (from source; HA_DRILL_NODES, 2) whose DATABASE_URL is
// HAProxy, each with senders (HA_DRILL_SENDERS, 2, spread over the nodes, HA_DRILL_RATE, 100/s each).
// Senders post messages continuously over REST with a client_message_id, retrying the same id
// after Retry-After as docs/faults.md tells clients to. Once sends flow, the primary is killed
// (SIGKILL of its Patroni and its postmaster: the host gone). Reports the seconds during which
// no send was acknowledged, every answer seen meanwhile (must be 503 service_unavailable,
// never 500), and whether every acknowledged message is stored exactly once.
//
// `--record` also writes the report to bench/results/<date>-ha-drill.json.
// Needs Debian's patroni, etcd-server and haproxy (and PostgreSQL's server binaries):
// without them it says which is missing and exits 0 (nothing was drilled).
/* global AbortSignal */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chownSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const NODES = Number(process.env.HA_DRILL_NODES ?? 2); // Parley processes, senders spread over them
const RATE_PER_SENDER = Number(process.env.HA_DRILL_RATE ?? 100); // messages a second per sender
const SENDERS = Number(process.env.HA_DRILL_SENDERS ?? 2);
const RECORD = process.argv.includes('--record');

const which = (name) => {
  try {
    return execFileSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
};
const binDir = (() => {
  try {
    return execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
})();
const missing = ['patroni', 'etcd', 'haproxy'].filter((tool) => !which(tool));
if (!binDir) missing.push('pg_config (PostgreSQL server binaries)');
if (missing.length) {
  console.log(`ha:drill skipped: ${missing.join(', ')} not found (Debian: apt-get install patroni etcd-server haproxy)`);
  process.exit(0);
}

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const fill = (template, values) => template.replace(/\{\{(\w+)\}\}/g, (_, key) => String(values[key]));
const log = (line) => console.log(`[${new Date().toISOString().slice(11, 23)}] ${line}`);

const dir = mkdtempSync(join(tmpdir(), 'parley-ha-drill-'));
const asRoot = process.getuid?.() === 0;
const ids = asRoot
  ? {
      uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' })),
      gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' })),
    }
  : {};
if (asRoot) chownSync(dir, ids.uid, ids.gid);
const children = [];
/** Each process's output, written to <dir>/<name>.log at exit (kept with HA_DRILL_KEEP=1). */
const outputs = [];
const start = (name, command, args, options = {}) => {
  const out = join(dir, `${name}.log`);
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let text = '';
  const keep = (chunk) => {
    text += chunk.toString();
    if (text.length > 200_000) text = text.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  children.push(child);
  outputs.push(() => writeFileSync(out, text));
  return { child, output: () => text };
};
const cleanup = () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  // Postmasters Patroni started are not our children: stop them by their pid files.
  for (const node of ['node1', 'node2']) {
    try {
      const pid = Number(readFileSync(join(dir, node, 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid) process.kill(pid, 'SIGKILL');
    } catch {
      // not running
    }
  }
};
process.on('exit', () => {
  cleanup();
  if (process.env.HA_DRILL_KEEP) for (const write of outputs) write();
  if (!process.env.HA_DRILL_KEEP) rmSync(dir, { recursive: true, force: true });
});
process.on('SIGINT', () => process.exit(130));

async function getStatus(url) {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
    return res.status;
  } catch {
    return 0;
  }
}

async function until(what, check, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what} (logs in ${dir}; HA_DRILL_KEEP=1 keeps them)`);
}

// etcd, one member.
const [etcdPort, etcdPeer, haproxyPort] = [await freePort(), await freePort(), await freePort()];
start(
  'etcd',
  'etcd',
  [
    '--name',
    'drill',
    '--data-dir',
    join(dir, 'etcd'),
    '--listen-client-urls',
    `http://127.0.0.1:${etcdPort}`,
    '--advertise-client-urls',
    `http://127.0.0.1:${etcdPort}`,
    '--listen-peer-urls',
    `http://127.0.0.1:${etcdPeer}`,
    '--initial-advertise-peer-urls',
    `http://127.0.0.1:${etcdPeer}`,
    '--initial-cluster',
    `drill=http://127.0.0.1:${etcdPeer}`,
  ],
  { env: { ...process.env, ETCD_UNSUPPORTED_ARCH: process.arch === 'x64' ? '' : process.arch } },
);
await until('etcd', async () => (await getStatus(`http://127.0.0.1:${etcdPort}/health`)) === 200, 30_000);
log(`etcd on ${etcdPort}`);

// Two Patroni nodes.
const template = readFileSync(join(root, 'deploy/ha/patroni.yml'), 'utf8');
const nodes = [];
for (const name of ['node1', 'node2']) {
  const node = { name, pg: await freePort(), rest: await freePort() };
  const file = join(dir, `${name}.yml`);
  writeFileSync(
    file,
    fill(template, {
      NAME: name,
      REST_PORT: node.rest,
      ETCD_PORT: etcdPort,
      PG_PORT: node.pg,
      DATA_DIR: join(dir, name),
      BIN_DIR: binDir,
      PGPASS: join(dir, `${name}.pgpass`),
      SOCKET_DIR: dir,
    }),
  );
  if (asRoot) chownSync(file, ids.uid, ids.gid);
  node.process = start(name, 'patroni', [file], { ...ids, cwd: dir, env: { PATH: process.env.PATH, LC_ALL: 'C.UTF-8', HOME: dir } });
  nodes.push(node);
  // The first bootstraps the cluster; the second clones it once there is a leader.
  if (name === 'node1') await until('node1 to lead', async () => (await getStatus(`http://127.0.0.1:${node.rest}/primary`)) === 200, 120_000);
}
await until(
  'a synchronous standby',
  async () => {
    try {
      const cluster = await (await fetch(`http://127.0.0.1:${nodes[0].rest}/cluster`)).json();
      return cluster.members.some((m) => m.role === 'sync_standby' && ['running', 'streaming'].includes(m.state));
    } catch {
      return false;
    }
  },
  120_000,
);
log(`Patroni: node1 leads (postgres ${nodes[0].pg}), node2 is its synchronous standby (postgres ${nodes[1].pg})`);

// HAProxy.
const haproxyFile = join(dir, 'haproxy.cfg');
writeFileSync(
  haproxyFile,
  fill(readFileSync(join(root, 'deploy/ha/haproxy.cfg'), 'utf8'), {
    HAPROXY_PORT: haproxyPort,
    PG_PORT_1: nodes[0].pg,
    REST_PORT_1: nodes[0].rest,
    PG_PORT_2: nodes[1].pg,
    REST_PORT_2: nodes[1].rest,
  }),
);
start('haproxy', 'haproxy', ['-db', '-f', haproxyFile]);
await sleep(2000);
log(`HAProxy on ${haproxyPort}`);

// Parley, from source, on HAProxy: one node after the other (the first runs the migrations).
const { serverNodeArgs } = createRequire(join(root, 'package.json'))('./scripts/node-args.cjs');
const bases = [];
for (let n = 0; n < NODES; n += 1) {
  const parley = start(`parley${n + 1}`, process.execPath, [...serverNodeArgs(), '-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: `postgres://parley:parley@127.0.0.1:${haproxyPort}/postgres`,
      DATABASE_POOL_SIZE: '10',
      JWT_SECRET: 'ha-drill-secret-that-is-long-enough-for-hs256-0123456789',
      DATA_DIR: join(dir, `parley${n + 1}`),
      THROTTLE_AUTH_IP_LIMIT: '100000',
      SOCKET_RATE_LIMIT: '100000',
    },
  });
  await until(
    `Parley node ${n + 1} to listen`,
    async () => {
      const match = /Listening on (http:\/\/[^/\s]+)\//.exec(parley.output());
      if (match) bases[n] = match[1];
      return !!match;
    },
    180_000,
  );
  log(`Parley node ${n + 1} on ${bases[n]}`);
}

const api = async (method, path, body, token, base = bases[0]) => {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
};
const register = async (i) => {
  const username = `drill${i}${Date.now().toString(36)}`;
  const res = await api('POST', '/auth/register', { username, email: `${username}@example.com`, password: 'a-good-drill-password' });
  if (res.status !== 201) throw new Error(`register: ${res.status} ${JSON.stringify(res.body)}`);
  return { id: res.body.user.id, token: res.body.access_token };
};
const users = [];
for (let i = 0; i < SENDERS; i += 1) users.push(await register(i));
const room = await api('POST', '/rooms', { room_type: 'GROUP', name: 'drill', participants: users.slice(1).map((u) => u.id) }, users[0].token);
if (room.status !== 201) throw new Error(`room: ${room.status} ${JSON.stringify(room.body)}`);

// Senders: open loop, each message retried with its client_message_id until acknowledged.
const answers = {};
const acked = new Map(); // cmid -> { id, seq }
let lastAckAt = 0;
let killedAt = 0;
let longestGap = 0;
let firstAckAfterKill = 0;
let stopping = false;
const inFlight = new Set();
const note = (key) => (answers[key] = (answers[key] ?? 0) + 1);
async function deliver(user, base) {
  const cmid = randomUUID();
  for (let attempt = 0; attempt < 200 && !(stopping && attempt > 0 && Date.now() - killedAt > 120_000); attempt += 1) {
    try {
      const res = await api('POST', `/rooms/${room.body.id}/messages`, { content: `drill ${cmid}`, client_message_id: cmid }, user.token, base);
      if (res.status === 201 || res.status === 200) {
        const now = Date.now();
        if (lastAckAt) longestGap = Math.max(longestGap, now - lastAckAt);
        lastAckAt = now;
        if (killedAt && !firstAckAfterKill) firstAckAfterKill = now;
        acked.set(cmid, { id: res.body.id, seq: res.body.seq });
        return;
      }
      note(`${res.status} ${res.body?.code ?? ''}`.trim());
      const wait = Number(res.headers.get('retry-after') ?? 1) * 1000;
      await sleep(wait);
    } catch (error) {
      note(`network: ${error.cause?.code ?? error.name}`);
      await sleep(500);
    }
  }
  note('gave up');
}
const loops = users.map(async (user, i) => {
  while (!stopping) {
    const sending = deliver(user, bases[i % NODES]);
    inFlight.add(sending);
    void sending.finally(() => inFlight.delete(sending));
    await sleep(1000 / RATE_PER_SENDER);
  }
});

await until('200 acknowledged sends', async () => acked.size >= 200, 60_000);
const before = acked.size;
const primary = nodes[0];
const postmaster = Number(readFileSync(join(dir, primary.name, 'postmaster.pid'), 'utf8').split('\n')[0]);
log(`${before} messages acknowledged; killing the primary (${primary.name}: Patroni and postmaster ${postmaster}, SIGKILL)`);
killedAt = Date.now();
primary.process.child.kill('SIGKILL');
process.kill(postmaster, 'SIGKILL');
const lastAckBeforeKill = lastAckAt;
await until('node2 to lead', async () => (await getStatus(`http://127.0.0.1:${nodes[1].rest}/primary`)) === 200, 90_000);
const promotedAt = Date.now();
log(`node2 is primary ${((promotedAt - killedAt) / 1000).toFixed(1)} s after the kill`);
await until('sends acknowledged again', async () => firstAckAfterKill > 0 && acked.size >= before + 200, 90_000);
stopping = true;
await Promise.all(loops);
await Promise.all([...inFlight]);

// Every acknowledged message stored exactly once, under its acknowledged id and seq.
const stored = new Map();
let after = 0;
for (let page = 0; page < 10_000; page += 1) {
  const res = await api('GET', `/rooms/${room.body.id}/messages?after=${after}&limit=100`, null, users[0].token);
  if (res.status !== 200) throw new Error(`history: ${res.status}`);
  for (const m of res.body.results) {
    const cmid = /^drill (\S+)$/.exec(m.content ?? '')?.[1];
    if (cmid) stored.set(cmid, [...(stored.get(cmid) ?? []), m]);
    after = Math.max(after, m.seq);
  }
  if (!res.body.previous) break;
}
let lost = 0;
let duplicated = 0;
let mismatched = 0;
for (const [cmid, ack] of acked) {
  const copies = stored.get(cmid) ?? [];
  if (copies.length === 0) lost += 1;
  if (copies.length > 1) duplicated += 1;
  if (copies.length === 1 && (copies[0].id !== ack.id || copies[0].seq !== ack.seq)) mismatched += 1;
}
const unavailableSeconds = ((firstAckAfterKill - Math.max(lastAckBeforeKill, killedAt - 1)) / 1000).toFixed(1);
const notAnswers = (key) => key.startsWith('network:');
const report = {
  date: new Date().toISOString(),
  topology: `etcd x1, Patroni x2 (synchronous_mode), HAProxy on GET /primary, ${NODES} Parley node(s)`,
  nodes: NODES,
  senders: SENDERS,
  rate_per_sender: RATE_PER_SENDER,
  acknowledged: acked.size,
  seconds_to_promotion: Number(((promotedAt - killedAt) / 1000).toFixed(1)),
  seconds_without_acknowledged_send: Number(unavailableSeconds),
  writes_accepted_within_15_s_of_the_kill: firstAckAfterKill - killedAt <= 15_000,
  longest_gap_between_acks_seconds: Number((longestGap / 1000).toFixed(1)),
  answers_while_switching: answers,
  lost,
  duplicated,
  mismatched,
  ok: lost === 0 && duplicated === 0 && mismatched === 0 && Object.keys(answers).every((key) => key === '503 service_unavailable' || notAnswers(key)),
};
console.log(JSON.stringify(report, null, 2));
if (RECORD) {
  mkdirSync(join(root, 'bench/results'), { recursive: true });
  const file = join(root, 'bench/results', `${report.date.slice(0, 10)}-ha-drill.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`recorded in ${file}`);
}
process.exit(report.ok ? 0 : 1);
