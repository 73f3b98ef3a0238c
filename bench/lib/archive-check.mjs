// Verifies a downloaded compliance export against its job (docs/compliance.md): the archive's size
// and SHA-256, then every file its manifest lists (bytes, SHA-256, rows), each zip entry streamed
// through yauzl and hashed as it inflates, so no entry is ever held whole.
import { createHash } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import yauzl from 'yauzl';

const LF = 0x0a;
const QUOTE = 0x22;

export async function sha256File(path) {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * Counts the rows of one file as the export writes them, chunk by chunk: JSON Lines, one a line;
 * CSV, record ends outside quoted fields (a quoted field may hold a line break), less the header.
 */
function rowCounter(format) {
  let ends = 0;
  let quoted = false;
  return {
    add(chunk) {
      if (format === 'jsonl') {
        for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, at + 1)) ends += 1;
        return;
      }
      for (let at = 0; at < chunk.length;) {
        const quote = chunk.indexOf(QUOTE, at);
        const lf = quoted ? -1 : chunk.indexOf(LF, at);
        if (lf !== -1 && (quote === -1 || lf < quote)) {
          ends += 1;
          at = lf + 1;
        } else if (quote !== -1) {
          quoted = !quoted; // a doubled quote inside a field toggles twice
          at = quote + 1;
        } else {
          break;
        }
      }
    },
    rows: () => (format === 'csv' ? Math.max(0, ends - 1) : ends),
  };
}

/** Calls `visit(entry, stream)` for each entry in order, one at a time. */
function eachEntry(path, visit) {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry) => {
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          visit(entry, stream).then(() => zip.readEntry(), reject);
        });
      });
      zip.readEntry();
    });
  });
}

/**
 * The archive at `path` against `job` (the finished job's answer): `problems` lists every difference
 * (none: everything verifies); `files` what was read of each listed file.
 */
export async function verifyArchive(path, job) {
  const problems = [];
  const size = statSync(path).size;
  if (size !== job.size) problems.push(`archive: ${size} bytes, the job says ${job.size}`);
  const sha256 = await sha256File(path);
  if (sha256 !== job.sha256) problems.push(`archive: SHA-256 ${sha256}, the job says ${job.sha256}`);
  const listed = new Map(job.manifest.files.map((f) => [f.name, f]));
  const files = [];
  await eachEntry(path, async (entry, stream) => {
    if (entry.fileName === 'manifest.json') {
      const chunks = [];
      for await (const chunk of stream) chunks.push(chunk);
      if (!isDeepStrictEqual(JSON.parse(Buffer.concat(chunks).toString('utf8')), job.manifest))
        problems.push("manifest.json differs from the job's manifest");
      return;
    }
    const file = listed.get(entry.fileName);
    const hash = createHash('sha256');
    const counter = rowCounter(job.format);
    let bytes = 0;
    for await (const chunk of stream) {
      hash.update(chunk);
      counter.add(chunk);
      bytes += chunk.length;
    }
    if (!file) return void problems.push(`${entry.fileName}: in the archive, not in the manifest`);
    listed.delete(entry.fileName);
    const read = { name: file.name, bytes, sha256: hash.digest('hex'), rows: counter.rows() };
    files.push(read);
    for (const key of ['bytes', 'sha256', 'rows']) {
      if (read[key] !== file[key]) problems.push(`${file.name}: ${key} ${read[key]}, the manifest says ${file[key]}`);
    }
  });
  for (const name of listed.keys()) problems.push(`${name}: in the manifest, not in the archive`);
  return { problems, files };
}
