import { createHash, type Hash } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { PassThrough, Readable, Transform, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import type { ExportPart } from '../data-export/store/export-reader';
import { extensionOf, formatHeader, formatRow } from './export-format';
import type { ExportFormat, ExportManifest, ManifestFile } from './store/entities/compliance-export.entity';
import type { ComplianceSection } from './store/compliance-sections';

/** The columns of the attachment files' index (`files.jsonl` / `files.csv`). */
const FILE_INDEX_COLUMNS = ['id', 'file', 'bytes', 'sha256'] as const;

export interface ArchiveInput {
  format: ExportFormat;
  sections: readonly ComplianceSection[];
  /** The sections' rows, in the order of `sections`, from one snapshot. */
  parts: AsyncIterable<ExportPart>;
  snapshotAt: () => Date;
  /** A stored attachment's bytes, or null when storage no longer has them. */
  openFile: (storageKey: string) => Promise<Readable | null>;
}

export interface WrittenArchive {
  manifest: ExportManifest;
  size: number;
  sha256: string;
}

/**
 * Writes a compliance export as a zip file at `target`, streaming: each section's rows go into its
 * entry as they come from the cursor (with backpressure), attachment files are piped from storage
 * one at a time, and every entry's SHA-256 and row count are taken on the way, so memory stays flat
 * whatever the size. The manifest (also `manifest.json`, the last entry) lists every file with its
 * rows, bytes and checksum; the attachment files' own checksums are in the files index, itself in
 * the manifest. Answers the manifest and the archive's size and SHA-256.
 */
export async function writeArchive(target: string, input: ArchiveInput): Promise<WrittenArchive> {
  const zip = new ZipFile();
  const whole = createHash('sha256');
  let size = 0;
  let current: { section: ComplianceSection; entry: CountingEntry } | null = null;
  let failed: unknown = null;
  const written = pipeline(
    zip.outputStream,
    tap(whole, (n) => (size += n)),
    createWriteStream(target),
  );
  // Awaited below; a failure before then closes the entry being written, whose writer would
  // otherwise wait for a drain that never comes (nothing reads a zip whose file failed).
  written.catch((error: unknown) => {
    failed = error;
    current?.entry.close();
  });
  const files: ManifestFile[] = [];
  const ext = extensionOf(input.format);
  let index: FileIndex | null = null;
  try {
    for await (const part of input.parts) {
      if ('section' in part) {
        if (current) files.push(await current.entry.end());
        current = null;
        const section = input.sections.find((s) => s.name === part.section)!;
        if (section.internal) {
          index = new FileIndex(`${target}.files`, input.format);
          continue;
        }
        current = { section, entry: new CountingEntry(zip, section.name, `${section.name}.${ext}`) };
        await current.entry.write(formatHeader(input.format, section.columns), 0);
      } else if (current) {
        const { section, entry } = current;
        await entry.write(
          part.rows.map((row) => formatRow(input.format, section.columns, row as Record<string, unknown>)).join(''),
          part.rows.length,
        );
      } else if (index) {
        for (const row of part.rows as { id: string; storage_key: string }[]) await index.add(await addFile(zip, input, row));
      }
    }
    if (current) files.push(await current.entry.end());
    if (index) files.push(await index.addTo(zip, `files.${ext}`));
    const manifest: ExportManifest = { format: 'parley-compliance-export/1', snapshot_at: input.snapshotAt().toISOString(), files };
    zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), 'manifest.json');
    zip.end();
    await written;
    return { manifest, size, sha256: whole.digest('hex') };
  } catch (error) {
    (zip.outputStream as Readable).destroy();
    await written.catch(() => undefined);
    await rm(target, { force: true });
    throw failed ?? error;
  } finally {
    await index?.discard();
  }
}

/** Streams one attachment into `files/<upload id>` (stored, not deflated: mostly compressed already); its line of the files index. */
async function addFile(zip: ZipFile, input: ArchiveInput, row: { id: string; storage_key: string }): Promise<Record<string, unknown>> {
  const source = await input.openFile(row.storage_key);
  if (!source) return { id: row.id, file: null, bytes: null, sha256: null };
  const hash = createHash('sha256');
  let bytes = 0;
  const counted = source.pipe(tap(hash, (n) => (bytes += n)));
  const path = `files/${row.id}`;
  zip.addReadStream(counted, path, { compress: false });
  await finished(counted);
  return { id: row.id, file: path, bytes, sha256: hash.digest('hex') };
}

/**
 * The attachment files' index (id, path, bytes, SHA-256), written to a temporary file beside the
 * archive while the files stream (so it costs no memory), then added as one entry.
 */
class FileIndex {
  private readonly out: WriteStream;
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private rows = 0;

  constructor(
    private readonly path: string,
    private readonly format: ExportFormat,
  ) {
    this.out = createWriteStream(path);
    void this.write(formatHeader(format, FILE_INDEX_COLUMNS));
  }

  async add(line: Record<string, unknown>): Promise<void> {
    this.rows += 1;
    await this.write(formatRow(this.format, FILE_INDEX_COLUMNS, line));
  }

  async addTo(zip: ZipFile, name: string): Promise<ManifestFile> {
    this.out.end();
    await finished(this.out);
    const source = createReadStream(this.path);
    zip.addReadStream(source, name);
    await finished(source);
    return { name, section: 'files', rows: this.rows, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }

  async discard(): Promise<void> {
    this.out.destroy();
    await rm(this.path, { force: true });
  }

  private async write(text: string): Promise<void> {
    if (text.length === 0) return;
    const chunk = Buffer.from(text);
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.out.write(chunk)) await drained(this.out);
  }
}

/** A hash and a byte count taken of whatever passes through. */
function tap(hash: Hash, count: (n: number) => void): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      count(chunk.length);
      done(null, chunk);
    },
  });
}

/** One zip entry written as text with backpressure, hashed and counted on the way. */
class CountingEntry {
  private readonly stream = new PassThrough();
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private rows = 0;

  constructor(
    zip: ZipFile,
    private readonly section: string,
    private readonly name: string,
  ) {
    zip.addReadStream(this.stream, name);
  }

  async write(text: string, rows: number): Promise<void> {
    this.rows += rows;
    if (text.length === 0) return;
    const chunk = Buffer.from(text);
    this.hash.update(chunk);
    this.bytes += chunk.length;
    if (!this.stream.write(chunk)) await drained(this.stream);
  }

  /** Ends the entry without its rest: a writer waiting for a drain fails instead of waiting. */
  close(): void {
    this.stream.destroy();
  }

  async end(): Promise<ManifestFile> {
    this.stream.end();
    await finished(this.stream);
    return { name: this.name, section: this.section, rows: this.rows, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}

/** The stream's next drain; a stream closed first (the archive failed) rejects. */
const drained = (stream: Writable) =>
  new Promise<void>((resolve, reject) => {
    const onDrain = () => {
      stream.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      stream.off('drain', onDrain);
      reject(new Error('The archive stream closed before it drained.'));
    };
    stream.once('drain', onDrain);
    stream.once('close', onClose);
  });
