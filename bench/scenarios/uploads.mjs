// uploads: 10 MB files through POST /api/v1/uploads (multipart parsing, spooling, sniffing,
// moving into local storage, one row) against a bare stream-to-disk server, one at a time
// and four at once.
/* global FormData, Blob */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase, startBaseline, startParley, withCpu } from '../lib/infra.mjs';
import { newHistogram, recordMs, summarise } from '../lib/histogram.mjs';
import { JWT_SECRET, seedUsers, withClient } from '../lib/seed.mjs';
import { ratio } from '../lib/steps.mjs';

const FILE_BYTES = 10 * 1024 * 1024;

/** A PDF by its magic bytes (an allowed type), random after that so nothing compresses it. */
function pdfBody() {
  return Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(FILE_BYTES - 9)]);
}

async function uploadAll(url, token, body, count, concurrency) {
  const histogram = newHistogram();
  let next = 0;
  let failures = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < count) {
      next += 1;
      const form = new FormData();
      form.append('file', new Blob([body], { type: 'application/pdf' }), 'slides.pdf');
      const t = performance.now();
      const res = await fetch(`${url}/api/v1/uploads`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      await res.arrayBuffer();
      if (res.status !== 201) failures += 1;
      recordMs(histogram, performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { mbPerSecond: (count * FILE_BYTES) / 2 ** 20 / seconds, latency: summarise(histogram), failures };
}

export default {
  name: 'uploads',
  title: 'uploads: 10 MB files through POST /uploads against a bare stream-to-disk server',
  target: 'reported (no bound): MB/s and per-upload latency, Parley against the baseline',
  async run({ adminUrl, quick, progress }) {
    const count = quick ? 8 : 40;
    const dirs = [mkdtempSync(join(tmpdir(), 'parley-bench-uploads-')), mkdtempSync(join(tmpdir(), 'baseline-bench-uploads-'))];
    const databaseUrl = await createDatabase(adminUrl, 'bench_uploads');
    const parley = await startParley({
      databaseUrl,
      jwtSecret: JWT_SECRET,
      env: { DATA_DIR: dirs[0], UPLOAD_RATE_LIMIT: '100000', UPLOAD_MAX_BYTES: String(2 * FILE_BYTES) },
    });
    const baseline = await startBaseline('stream-to-disk.mjs', { UPLOAD_DIR: dirs[1] });
    try {
      const token = await withClient(databaseUrl, async (db) => (await seedUsers(db, 1))[0].token);
      const body = pdfBody();
      const rows = [];
      const runs = { parley: { steps: [] }, baseline: { steps: [] } };
      for (const concurrency of [1, 4]) {
        for (const [name, server, auth] of [
          ['parley', parley, token],
          ['baseline', baseline, 'none'],
        ]) {
          await uploadAll(server.url, auth, body, 2, concurrency); // warm-up
          const { result, cpu } = await withCpu(server.pid, () => uploadAll(server.url, auth, body, count, concurrency));
          if (result.failures) throw new Error(`${name}: ${result.failures} uploads failed`);
          progress(`${name} x${concurrency}: ${result.mbPerSecond.toFixed(0)} MB/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
          runs[name][concurrency] = { ...result, cpu };
        }
        const [p, b] = [runs.parley[concurrency], runs.baseline[concurrency]];
        rows.push(
          { metric: `MB/s, ${concurrency} at a time`, parley: p.mbPerSecond, baseline: b.mbPerSecond, ratio: ratio(p.mbPerSecond, b.mbPerSecond) },
          { metric: `p50 per 10 MB upload, ${concurrency} at a time (ms)`, parley: p.latency.p50, baseline: b.latency.p50 },
          { metric: `p99 per 10 MB upload, ${concurrency} at a time (ms)`, parley: p.latency.p99, baseline: b.latency.p99 },
          { metric: `server CPU, ${concurrency} at a time (share of a core)`, parley: p.cpu.server, baseline: b.cpu.server },
        );
      }
      return {
        unit: 'MB/s',
        table: rows,
        notes: [
          `${count} uploads of 10 MB per row, over loopback with fetch's multipart encoder; the generator shares the machine.`,
          'Parley streams the multipart field to a temporary file (busboy, never the whole file in memory), sniffs its type from the file, renames it into DATA_DIR/uploads and inserts one row; the baseline only pipes the raw body to disk.',
        ],
      };
    } finally {
      await parley.stop();
      await baseline.stop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  },
};
