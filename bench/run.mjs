#!/usr/bin/env node
// npm run bench [-- <scenario>...] [-- --quick]
// Builds nothing itself (the npm script builds first), starts PostgreSQL (embedded unless
// DATABASE_URL is set), runs each scenario against Parley and its baseline, and writes
// bench/results/<date>.json, <date>.md and SVG charts.
import { mkdirSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { killAll, ROOT, startPostgres } from './lib/infra.mjs';
import { writeReport } from './lib/report.mjs';
import busy from './scenarios/busy.mjs';
import capacity from './scenarios/capacity.mjs';
import catchup from './scenarios/catchup.mjs';
import connections from './scenarios/connections.mjs';
import course from './scenarios/course.mjs';
import ephemeral from './scenarios/ephemeral.mjs';
import everyday from './scenarios/everyday.mjs';
import exportScenario from './scenarios/export.mjs';
import fanout from './scenarios/fanout.mjs';
import nodes from './scenarios/nodes.mjs';
import notify from './scenarios/notify.mjs';
import history from './scenarios/history.mjs';
import replicas from './scenarios/replicas.mjs';
import rooms from './scenarios/rooms.mjs';
import send from './scenarios/send.mjs';
import sendRules from './scenarios/send-rules.mjs';
import uploads from './scenarios/uploads.mjs';

const SCENARIOS = [
  send,
  sendRules,
  fanout,
  ephemeral,
  history,
  rooms,
  connections,
  catchup,
  uploads,
  course,
  busy,
  everyday,
  nodes,
  notify,
  capacity,
  replicas,
  exportScenario,
];
/** Each scenario's time budget (default run); past it the scenario is killed and reported as timed out. */
// BENCH_MESSAGE_FEATURES=1 seeds 2 reactions and a mention per message: history's million take ~100 s more.
const FEATURES = process.env.BENCH_MESSAGE_FEATURES === '1';
const BUDGET_SECONDS = {
  send: 170,
  'send-rules': 420,
  fanout: 150,
  ephemeral: 60,
  history: FEATURES ? 240 : 130,
  rooms: 90,
  connections: 150,
  catchup: 150,
  uploads: 120,
  course: 120,
  everyday: 120,
  nodes: 190,
  busy: 90,
  notify: 200,
  // capacity: steps x hold (BENCH_CAPACITY_*), both process counts, and the seed; run on its own.
  capacity: 10800,
  // replicas: a private primary and two replicas (initdb, pg_basebackup), the seed, three counts.
  replicas: 400,
  // export: seeding 1,000,000 messages with revisions and reactions, then a JSON Lines and a CSV export, each downloaded and verified.
  export: 1200,
};

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wanted = args.filter((a) => !a.startsWith('--'));
const unknown = wanted.filter((w) => !SCENARIOS.some((s) => s.name === w));
if (unknown.length) {
  console.error(`unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
/** Quick mode with no scenario named: the hot paths only (write, history read, room list), one rate each. */
const QUICK_DEFAULT = ['send', 'history', 'rooms'];
/** Run only when named (`npm run bench -- capacity`): its steps take far longer than the rest together (replicas: needs initdb; export: a million-message seed and two exports). */
const ON_REQUEST = ['capacity', 'send-rules', 'replicas', 'export'];
const selected = SCENARIOS.filter((s) =>
  wanted.length ? wanted.includes(s.name) : !ON_REQUEST.includes(s.name) && (!quick || QUICK_DEFAULT.includes(s.name)),
);

const started = performance.now();
const clock = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(4)}s`;
const progress = (line) => process.stderr.write(`[bench ${clock()}] ${line}\n`);

const postgres = await startPostgres(() => undefined);
progress(`PostgreSQL ready (${postgres.embedded ? 'embedded' : 'DATABASE_URL'})${quick ? '; quick mode' : ''}`);
const results = [];
let failed = false;
try {
  for (const scenario of selected) {
    const budget = (BUDGET_SECONDS[scenario.name] ?? 120) * (quick ? 0.5 : 1);
    progress(`== ${scenario.title}`);
    const t = performance.now();
    let timer;
    try {
      const outcome = await Promise.race([
        scenario.run({ adminUrl: postgres.adminUrl, quick, progress: (line) => progress(`  ${scenario.name}: ${line}`) }),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`over its ${budget} s budget`)), budget * 1000);
        }),
      ]);
      results.push({ name: scenario.name, title: scenario.title, target: scenario.target, seconds: (performance.now() - t) / 1000, ...outcome });
    } catch (error) {
      failed = true;
      killAll();
      progress(`  ${scenario.name} FAILED: ${error instanceof Error ? error.message : error}`);
      results.push({
        name: scenario.name,
        title: scenario.title,
        target: scenario.target,
        error: String(error instanceof Error ? error.message : error),
      });
    } finally {
      clearTimeout(timer);
    }
  }
} finally {
  killAll();
  await postgres.stop();
}

const dir = join(ROOT, 'bench/results');
mkdirSync(dir, { recursive: true });
const machine = {
  cpus: cpus().length,
  cpu: cpus()[0]?.model,
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  postgres: postgres.embedded ? 'embedded 17' : 'DATABASE_URL',
};
const partial = wanted.length ? selected.map((s) => s.name) : null;
const files = writeReport(dir, { date: new Date().toISOString(), quick, partial, machine, seconds: (performance.now() - started) / 1000, results });
progress(`wrote ${files.join(', ')}`);
process.exit(failed ? 1 : 0);
