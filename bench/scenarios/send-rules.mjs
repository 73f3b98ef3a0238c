// send-rules: the send scenario's load (1000 sockets in rooms of 10, message:send persisted,
// acked, delivered to the 9 others) against Parley with 50 active content rules and against
// the same Parley with none. The rules never match the load's text, as most messages pass:
// what is measured is the cost of evaluating them in the send path (docs/compliance.md).
import { createRequire } from 'node:module';
import { v7 as uuid } from 'uuid';
import { chatRateSearch, seedParleyUsers } from '../lib/chat.mjs';
import { createDatabase, startParley } from '../lib/infra.mjs';
import { JWT_SECRET, withClient } from '../lib/seed.mjs';
import { ratio } from '../lib/steps.mjs';

const SOCKETS = 1000;
const ROOM_SIZE = 10;
const P99_BOUND_MS = 50;
const RULES = 50;

/** 50 deployment rules of every kind and action: 20 word lists of 50 words, 10 patterns, 10 link lists, 10 detectors. */
function rules() {
  const word = (i, j) => `forbidden${i}x${j}`;
  return Array.from({ length: RULES }, (_, i) => {
    const action = ['block', 'mask', 'flag'][i % 3];
    if (i < 20)
      return { kind: 'words', action, config: { words: Array.from({ length: 50 }, (_, j) => (j % 10 === 0 ? `two ${word(i, j)}` : word(i, j))) } };
    if (i < 30) return { kind: 'regex', action, config: { pattern: `(free|cheap)\\s+(money|pills)${i}|\\bsecret-${i}-[a-z]+\\b` } };
    if (i < 40) return { kind: 'links', action, config: { link_mode: 'deny', domains: [`spam${i}.example`, `phish${i}.test`] } };
    return { kind: 'pii', action, config: { detectors: ['email', 'phone', 'card'] } };
  });
}

async function searchWith({ adminUrl, name, withRules, search }) {
  const databaseUrl = await createDatabase(adminUrl, `bench_${name}`);
  const parley = await startParley({ databaseUrl, jwtSecret: JWT_SECRET });
  try {
    const users = await seedParleyUsers(databaseUrl, SOCKETS, SOCKETS / ROOM_SIZE, (i) => [Math.floor(i / ROOM_SIZE)]);
    if (withRules) {
      await withClient(databaseUrl, async (db) => {
        for (const rule of rules()) {
          await db.query(`INSERT INTO content_rules (id, scope, kind, action, config) VALUES ($1, 'deployment', $2, $3, $4)`, [
            uuid(),
            rule.kind,
            rule.action,
            JSON.stringify(rule.config),
          ]);
        }
      });
    }
    return await chatRateSearch({ ...search, label: withRules ? `${RULES} rules` : 'no rules', server: parley, users });
  } finally {
    await parley.stop();
  }
}

/**
 * The rules' own cost, in this process on the built RuleSet: microseconds per message over
 * 20,000 texts shaped like the load's, and like chat (words, a link, an address). Unlike the
 * end-to-end steps it does not depend on what else the machine's two cores are doing.
 */
function evaluationCost() {
  const { RuleSet } = createRequire(import.meta.url)('../../dist/src/conversations/content-policy/rule-set.js');
  const set = new RuleSet(rules().map((rule, i) => ({ ...rule, id: `rule-${i}` })));
  const texts = Array.from({ length: 1000 }, (_, i) =>
    i % 2 ? `${i}|${i * 7}|${i % 1000}` : `hey @u${i}, see https://docs.example.org/page/${i} or mail me at me${i}@example.com before 5pm`,
  );
  for (let i = 0; i < 2000; i += 1) set.evaluate(texts[i % texts.length]); // JIT warm-up
  const started = performance.now();
  for (let i = 0; i < 20_000; i += 1) set.evaluate(texts[i % texts.length]);
  return ((performance.now() - started) * 1000) / 20_000;
}

export default {
  name: 'send-rules',
  title: `send-rules: the send load with ${RULES} active content rules against none`,
  target: `sustained messages/s with ${RULES} rules >= 0.85 x without rules (p99 <= ${P99_BOUND_MS} ms, no loss)`,
  async run({ adminUrl, quick, progress }) {
    const search = {
      event: 'message',
      rates: quick ? (process.env.BENCH_RATES ?? '1000').split(',').map(Number) : [100, 250, 500, 1000, 1500, 2000, 2500, 3000, 4000, 5000],
      always: [1000],
      durationMs: quick ? 2000 : 3000,
      senders: Array.from({ length: SOCKETS }, (_, i) => i),
      receiversPerEvent: ROOM_SIZE - 1,
      passes: (r) => r.latency.p99 !== null && r.latency.p99 <= P99_BOUND_MS && r.lost === 0 && r.ackErrors === 0,
      progress,
      warmRate: 200,
    };
    const microseconds = evaluationCost();
    progress(`${RULES} rules: ${microseconds.toFixed(1)} µs per message evaluated in process`);
    const rulesRun = await searchWith({ adminUrl, name: 'send_rules', withRules: true, search });
    const plainRun = await searchWith({ adminUrl, name: 'send_no_rules', withRules: false, search });
    const best = rulesRun.best?.rate ?? 0;
    const plainBest = plainRun.best?.rate ?? 0;
    const at1000 = (run) => run.steps.find((s) => s.rate === 1000);
    return {
      notes: [`"Parley" is Parley with ${RULES} deployment content rules (none matching the load's text); "baseline" is the same Parley with none.`],
      unit: 'messages/s',
      bound: P99_BOUND_MS,
      parley: rulesRun,
      baseline: plainRun,
      latency: { parley: at1000(rulesRun)?.latency, baseline: at1000(plainRun)?.latency },
      latencyLabel: 'send-to-receive at 1000 messages/s',
      table: [
        {
          metric: `sustained messages/s (p99 <= ${P99_BOUND_MS} ms, no loss)`,
          parley: best,
          baseline: plainBest,
          ratio: ratio(best, plainBest),
          target: '>= 0.85',
          met: (ratio(best, plainBest) ?? 0) >= 0.85,
        },
        {
          metric: 'p99 send-to-receive at 1000 messages/s (ms)',
          parley: at1000(rulesRun)?.latency.p99 ?? null,
          baseline: at1000(plainRun)?.latency.p99 ?? null,
        },
        {
          metric: 'p99 ack (after commit) at 1000 messages/s (ms)',
          parley: at1000(rulesRun)?.ack.p99 ?? null,
          baseline: at1000(plainRun)?.ack.p99 ?? null,
        },
        { metric: `rule evaluation per message, in process (µs, ${RULES} rules)`, parley: Number(microseconds.toFixed(1)), baseline: 0 },
        {
          metric: 'server CPU at 1000 messages/s (cores)',
          parley: at1000(rulesRun)?.cpu.server ?? null,
          baseline: at1000(plainRun)?.cpu.server ?? null,
          ratio: ratio(at1000(rulesRun)?.cpu.server, at1000(plainRun)?.cpu.server),
        },
      ],
    };
  },
};
