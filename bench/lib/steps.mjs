// Rate searches shared by the scenarios: run open-loop steps at rising rates, with the
// CPU of the server, PostgreSQL and the generator read around each step.
import { withCpu } from './infra.mjs';

/**
 * Runs `step(rate)` for each rate in order and stops after the first failing step
 * (`passes(result)` false, twice in a row at that rate) unless a rate is in `always`.
 * The best rate is the highest passing one.
 */
export async function rateSearch({ rates, always = [], serverPid, step, passes, progress, label }) {
  const steps = [];
  let failed = false;
  const measure = async (rate) => {
    const { result, cpu } = await withCpu(serverPid, () => step(rate));
    return { ...result, pass: passes(result), cpu: { ...cpu, generator: result.cpu } };
  };
  for (const rate of rates) {
    if (failed && !always.includes(rate)) continue;
    let row = await measure(rate);
    if (!row.pass && !failed) {
      // One latency spike (a GC pause, a checkpoint) should not end the search: a failing step is run again once.
      progress(`${label} @ ${rate}/s: p99 ${fmt(row.latency.p99)} ms, ${describeLoss(row)} -> failed, running the step again`);
      row = { ...(await measure(rate)), retried: true };
    }
    steps.push(row);
    progress(`${label} @ ${rate}/s: p99 ${fmt(row.latency.p99)} ms, ${describeLoss(row)} -> ${row.pass ? 'pass' : 'FAIL'}`);
    if (!row.pass) failed = true;
  }
  const passing = steps.filter((s) => s.pass);
  return { steps, best: passing.length ? passing[passing.length - 1] : null };
}

export const fmt = (value, digits = 1) => (value === null || value === undefined ? '-' : Number(value).toFixed(digits));

function describeLoss(result) {
  const parts = [];
  if ('lost' in result) parts.push(`lost ${result.lost}`, `dup ${result.duplicated}`);
  if (result.ackErrors) parts.push(`ack errors ${result.ackErrors} ${JSON.stringify(result.errorCodes)}`);
  if ('errors' in result && result.errors) parts.push(`errors ${result.errors} ${JSON.stringify(result.statuses ?? {})}`);
  return parts.join(', ') || 'no errors';
}

export const ratio = (a, b) => (a && b ? a / b : null);
