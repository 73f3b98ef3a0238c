// export: the compliance export (issue 30) of one room of 1,000,000 messages, some edited (with
// their revisions), some with reactions, some deleted, seeded by SQL. For JSON Lines, then CSV: the
// job from request to done (rows/s), the archive downloaded to disk, Parley's RSS sampled every
// 250 ms from the request to the last byte, and every SHA-256 and count of the manifest verified
// against the downloaded archive (bench/lib/archive-check.mjs).
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { verifyArchive } from '../lib/archive-check.mjs';
import { createDatabase, rssBytes, startParley } from '../lib/infra.mjs';
import { JWT_SECRET, seedMessages, seedRooms, seedUsers, settle, withClient } from '../lib/seed.mjs';

const SAMPLE_MS = 250;
const MB = 2 ** 20;
/** Flat memory: RSS over the export at most this far above the RSS before it... */
const RSS_GROWTH_BOUND_MB = 128;
/** ...and the second half of the export's peak at most this far above the first half's (growing with rows would show here). */
const RSS_DRIFT_BOUND_MB = 32;
/** BENCH_EXPORT_FORMATS=jsonl: JSON Lines only. */
const FORMATS = (process.env.BENCH_EXPORT_FORMATS ?? 'jsonl,csv').split(',').filter(Boolean);

/**
 * Every 10th message edited once (its text as sent kept as revision 0), every 100th (from the
 * 55th) deleted (its text kept as a `delete` revision), every 5th with two reactions. Answers the
 * counts the manifest must show.
 */
async function seedEvidence(db, roomId, total, [first, second]) {
  await db.query(
    `INSERT INTO message_revisions (message_id, version, content, meta, written_at, replaced_at, replaced_by)
     SELECT id, 0, content, '{}', created_at, created_at + interval '1 minute', CASE WHEN seq % 10 = 0 THEN 'edit' ELSE 'delete' END
       FROM messages WHERE room_id = $1 AND (seq % 10 = 0 OR seq % 100 = 55)`,
    [roomId],
  );
  await db.query(
    `UPDATE messages SET content = 'edited: ' || content, edited_at = created_at + interval '1 minute' WHERE room_id = $1 AND seq % 10 = 0`,
    [roomId],
  );
  await db.query(`UPDATE messages SET content = '', deleted_at = created_at + interval '1 minute' WHERE room_id = $1 AND seq % 100 = 55`, [roomId]);
  await db.query(
    `INSERT INTO message_reactions (message_id, emoji, user_id, created_at)
     SELECT m.id, r.emoji, r.user_id, m.created_at FROM messages m CROSS JOIN (VALUES ('👍', $2::uuid), ('🎉', $3::uuid)) AS r(emoji, user_id)
      WHERE m.room_id = $1 AND m.seq % 5 = 0`,
    [roomId, first, second],
  );
  const tenths = Math.floor(total / 10);
  const deleted = Math.floor((total + 45) / 100);
  return { messages: total, revisions: tenths + deleted, reactions: 2 * Math.floor(total / 5), attachments: 0 };
}

/** The job once it is done (polled every 250 ms); a failed job or one past `timeoutMs` throws. */
async function finishedJob(api, id, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (let polls = 0; Date.now() < deadline && polls < timeoutMs / SAMPLE_MS; polls += 1) {
    const job = await (await api(`/admin/compliance-exports/${id}`)).json();
    if (job.status === 'done') return job;
    if (job.status !== 'pending' && job.status !== 'running') throw new Error(`export ${id} ended ${job.status}: ${job.error}`);
    await sleep(SAMPLE_MS);
  }
  throw new Error(`export ${id} not done after ${timeoutMs / 1000} s`);
}

/** Peak RSS over the samples between two times (ms since the request), in bytes; 0 without samples. */
const peak = (samples, from, to) => Math.max(0, ...samples.filter((s) => s.ms >= from && s.ms <= to).map((s) => s.rss));

/** One export of the room in `format`: requested, waited for, downloaded to `dir`, verified; RSS sampled throughout. */
async function measure({ parley, token, roomId, format, dir, expected, progress }) {
  const api = (path, init = {}) =>
    fetch(`${parley.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
  const file = join(dir, `compliance-export.${format}.zip`);
  const before = rssBytes(parley.pid);
  const samples = [];
  const started = performance.now();
  const sample = () => samples.push({ ms: performance.now() - started, rss: rssBytes(parley.pid) });
  const timer = setInterval(sample, SAMPLE_MS);
  let job;
  let exportMs;
  try {
    const created = await api('/admin/compliance-exports', { method: 'POST', body: JSON.stringify({ room_ids: [roomId], format }) });
    if (created.status !== 201) throw new Error(`asking for the export: ${created.status} ${await created.text()}`);
    job = await finishedJob(api, (await created.json()).id, 1_800_000);
    exportMs = performance.now() - started;
    progress(`${format}: export done in ${(exportMs / 1000).toFixed(1)} s, ${(job.size / MB).toFixed(1)} MB; downloading`);
    const download = await api(`/admin/compliance-exports/${job.id}/download`);
    if (download.status !== 200) throw new Error(`downloading: ${download.status} ${await download.text()}`);
    await pipeline(Readable.fromWeb(download.body), createWriteStream(file));
  } finally {
    clearInterval(timer);
    sample();
  }
  const downloadMs = performance.now() - started - exportMs;
  const check = await verifyArchive(file, job);
  const rows = Object.fromEntries(job.manifest.files.map((f) => [f.section, f.rows]));
  for (const [section, count] of Object.entries(expected)) {
    if (rows[section] !== count) check.problems.push(`${section}: ${rows[section]} rows in the manifest, ${count} seeded`);
  }
  rmSync(file, { force: true });
  progress(`${format}: ${check.problems.length ? `DOES NOT VERIFY: ${check.problems.join('; ')}` : 'every checksum and count verifies'}`);
  const totalRows = job.manifest.files.reduce((n, f) => n + f.rows, 0);
  const half = exportMs / 2;
  return {
    format,
    rows: totalRows,
    rowsPerSecond: totalRows / (exportMs / 1000),
    exportSeconds: exportMs / 1000,
    archiveBytes: job.size,
    fileBytes: job.manifest.files.reduce((n, f) => n + f.bytes, 0),
    downloadSeconds: downloadMs / 1000,
    rss: {
      before,
      exportPeak: peak(samples, 0, exportMs),
      firstHalfPeak: peak(samples, 0, half),
      secondHalfPeak: peak(samples, half, exportMs),
      downloadPeak: peak(samples, exportMs, Infinity),
      samples: samples.length,
    },
    problems: check.problems,
    files: check.files,
  };
}

function tableOf(r) {
  const growth = (r.rss.exportPeak - r.rss.before) / MB;
  const drift = (r.rss.secondHalfPeak - r.rss.firstHalfPeak) / MB;
  return [
    { metric: `${r.format}: rows exported per second (messages, revisions, reactions)`, parley: Math.round(r.rowsPerSecond) },
    { metric: `${r.format}: export job, request to done (s)`, parley: r.exportSeconds },
    { metric: `${r.format}: archive (MB)`, parley: r.archiveBytes / MB },
    { metric: `${r.format}: its files uncompressed (MB)`, parley: r.fileBytes / MB },
    { metric: `${r.format}: download to disk (MB/s)`, parley: r.archiveBytes / MB / r.downloadSeconds },
    {
      metric: `${r.format}: peak RSS - RSS before, export (MB)`,
      parley: growth,
      target: `<= ${RSS_GROWTH_BOUND_MB} MB`,
      met: growth <= RSS_GROWTH_BOUND_MB,
    },
    {
      metric: `${r.format}: peak RSS, second half of the export - first half (MB)`,
      parley: drift,
      target: `<= ${RSS_DRIFT_BOUND_MB} MB`,
      met: drift <= RSS_DRIFT_BOUND_MB,
    },
    { metric: `${r.format}: peak RSS - RSS before, download (MB)`, parley: (r.rss.downloadPeak - r.rss.before) / MB },
    {
      metric: `${r.format}: archive and every manifest SHA-256 and count verify`,
      parley: r.problems.length ? `no (${r.problems.length})` : 'yes',
      target: 'all',
      met: r.problems.length === 0,
    },
  ];
}

export default {
  name: 'export',
  title: 'export: the compliance export of a room of 1,000,000 messages (edits, reactions, deletions), downloaded and verified',
  target: `RSS flat (export peak <= ${RSS_GROWTH_BOUND_MB} MB above before, second half <= ${RSS_DRIFT_BOUND_MB} MB above the first); every checksum and count verifies`,
  async run({ adminUrl, quick, progress }) {
    const total = quick ? 100_000 : 1_000_000;
    const dir = mkdtempSync(join(tmpdir(), 'parley-bench-export-'));
    const databaseUrl = await createDatabase(adminUrl, 'bench_export');
    const parley = await startParley({ databaseUrl, jwtSecret: JWT_SECRET, env: { DATA_DIR: join(dir, 'data') } });
    try {
      const t = performance.now();
      const { token, roomId, expected } = await withClient(databaseUrl, async (db) => {
        const users = await seedUsers(db, 3);
        await db.query(`UPDATE users SET role = 'admin' WHERE id = $1`, [users[0].id]); // an operator: a global admin of the default organization
        const [room] = await seedRooms(db, [users.map((u) => u.id)]);
        await seedMessages(
          db,
          room,
          total,
          users.slice(1).map((u) => u.id),
        );
        const counts = await seedEvidence(db, room, total, [users[1].id, users[2].id]);
        for (const table of ['messages', 'message_revisions', 'message_reactions']) await settle(db, table);
        return { token: users[0].token, roomId: room, expected: counts };
      });
      progress(
        `seeded ${total.toLocaleString('en')} messages (${expected.revisions.toLocaleString('en')} revisions, ${expected.reactions.toLocaleString('en')} reactions) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
      );
      const results = [];
      for (const format of FORMATS) results.push(await measure({ parley, token, roomId, format, dir, expected, progress }));
      return {
        unit: 'rows/s',
        exports: results,
        table: results.flatMap(tableOf),
        notes: [
          `${total.toLocaleString('en')} messages in one room, seeded by SQL: every 10th edited (revision 0 kept), every 100th deleted (its text kept as a revision), every 5th with two reactions; no attachments.`,
          'Each export: POST /admin/compliance-exports (room_ids, format), the job polled every 250 ms until done, then GET .../download streamed to a file; the worker reads one REPEATABLE READ snapshot through server-side cursors (500 rows a batch) into a zip written to disk, then moved into the upload storage.',
          `Parley's RSS (/proc/<pid>/status) sampled every ${SAMPLE_MS} ms from the request to the last byte downloaded; "before" is the RSS just before the request (the CSV export runs after the JSON Lines one, on a warmed process). The bounds are judgements, not measurements: a whole section held in memory would exceed them many times over.`,
          "Verification (bench/lib/archive-check.mjs): the archive's size and SHA-256 against the job; each zip entry inflated as a stream, its bytes, SHA-256 and rows (JSON Lines: lines; CSV: records outside quotes, less the header) against the manifest; manifest.json equal to the job's manifest; the manifest's row counts equal to what was seeded.",
        ],
      };
    } finally {
      await parley.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
