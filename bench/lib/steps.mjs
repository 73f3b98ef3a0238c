// Rate searches shared by the scenarios: run open-loop steps at rising rates, with the
// CPU of the server, PostgreSQL and the generator read around each step.
import { withCpu } from './infra.mjs';

/** A generator process above this share of a core may be what limits a step, not the server. */
export const GENERATOR_BOUND = 0.8;

/** Whether any generator process of a step's result ran above GENERATOR_BOUND. */
export const generatorBound = (result) => Math.max(...(result.generators ?? [result.cpu ?? 0])) > GENERATOR_BOUND;

/**
 * Runs `step(rate)` for each rate in order and stops after the first failing step
 * (`passes(result)` false, twice in a row at that rate) unless a rate is in `always`.
 * A step where a generator process ran above 80% of a core is marked
 * `generator-bound` (neither pass nor fail: the generator may be what limited it)
 * and also ends the search. The best rate is the highest passing one.
 */
export async function rateSearch({ rates, always = [], serverPid, step, passes, progress, label }) {
  const steps = [];
  let stopped = false;
  const measure = async (rate) => {
    const { result, cpu } = await withCpu(serverPid, () => step(rate));
    const bound = generatorBound(result);
    return {
      ...result,
      pass: !bound && passes(result),
      generatorBound: bound,
      cpu: { ...cpu, generator: result.cpu, generators: result.generators },
    };
  };
  for (const rate of rates) {
    if (stopped && !always.includes(rate)) continue;
    let row = await measure(rate);
    if (!row.pass && !row.generatorBound && !stopped) {
      // One latency spike (a GC pause, a checkpoint) should not end the search: a failing step is run again once.
      progress(`${label} @ ${rate}/s: p99 ${fmt(row.latency.p99)} ms, ${describeLoss(row)} -> failed, running the step again`);
      row = { ...(await measure(rate)), retried: true };
    }
    steps.push(row);
    progress(`${label} @ ${rate}/s: p99 ${fmt(row.latency.p99)} ms, ${describeLoss(row)} -> ${verdict(row)}`);
    if (!row.pass) stopped = true;
  }
  const passing = steps.filter((s) => s.pass);
  return { steps, best: passing.length ? passing[passing.length - 1] : null };
}

/** pass, fail or generator-bound (with the busiest generator process's CPU). */
export const verdict = (row) =>
  row.generatorBound
    ? `generator-bound (${fmt(Math.max(...(row.cpu?.generators ?? row.generators ?? [row.cpu?.generator ?? row.cpu])) * 100, 0)}%)`
    : row.pass
      ? 'pass'
      : 'FAIL';

export const fmt = (value, digits = 1) => (value === null || value === undefined ? '-' : Number(value).toFixed(digits));

function describeLoss(result) {
  const parts = [];
  if ('lost' in result) parts.push(`lost ${result.lost}`, `dup ${result.duplicated}`);
  if (result.ackErrors) parts.push(`ack errors ${result.ackErrors} ${JSON.stringify(result.errorCodes)}`);
  if ('errors' in result && result.errors) parts.push(`errors ${result.errors} ${JSON.stringify(result.statuses ?? {})}`);
  return parts.join(', ') || 'no errors';
}

export const ratio = (a, b) => (a && b ? a / b : null);
