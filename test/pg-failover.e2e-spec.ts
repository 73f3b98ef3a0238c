import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { exitOf } from './support/server-process';

/**
 * The PostgreSQL failover drill (`npm run ha:drill`, scripts/ha-drill.mjs) as a fault
 * scenario of the suite: etcd, two Patroni nodes with a synchronous standby and HAProxy
 * on this machine, two Parley nodes on HAProxy carrying 200 messages/s from senders on
 * both, the primary killed. Every answer meanwhile is 503 service_unavailable, and no
 * acknowledged message is lost, duplicated or stored under another id. Skipped, with
 * the reason printed, without Debian's patroni, etcd-server and haproxy.
 */
const missing = ['patroni', 'etcd', 'haproxy', 'pg_config'].filter((tool) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
});
if (missing.length) console.log(`PostgreSQL failover suite skipped: ${missing.join(', ')} not installed (Debian: patroni, etcd-server, haproxy).`);
const describeFailover = missing.length ? describe.skip : describe;

interface DrillReport {
  acknowledged: number;
  seconds_to_promotion: number;
  seconds_without_acknowledged_send: number;
  answers_while_switching: Record<string, number>;
  lost: number;
  duplicated: number;
  mismatched: number;
}

describeFailover('PostgreSQL failover under Patroni (e2e)', () => {
  it('answers only service_unavailable while the primary is replaced, and loses no acknowledged message', async () => {
    const drill = spawn(process.execPath, [join(process.cwd(), 'scripts', 'ha-drill.mjs')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    drill.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    drill.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const { code } = await exitOf(drill);
    const json = /^\{[\s\S]*^\}/m.exec(output)?.[0];
    if (!json) throw new Error(`the drill printed no report (exit ${code}):\n${output.slice(-6000)}`);
    const report = JSON.parse(json) as DrillReport;
    console.log(`PostgreSQL failover drill:\n${json}`);
    expect(report.acknowledged).toBeGreaterThan(400);
    expect(report.lost).toBe(0);
    expect(report.duplicated).toBe(0);
    expect(report.mismatched).toBe(0);
    // Answers are 503 service_unavailable only; transport errors (a busy machine) are retried, not answers.
    expect(Object.keys(report.answers_while_switching).filter((key) => key !== '503 service_unavailable' && !key.startsWith('network:'))).toEqual([]);
    expect(report.answers_while_switching['503 service_unavailable']).toBeGreaterThan(0);
    expect(code).toBe(0);
  }, 900_000);
});
