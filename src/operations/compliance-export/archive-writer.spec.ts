import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ExportPart } from '../data-export/store/export-reader';
import { readZip } from '../../../test/support/zip';
import { writeArchive } from './archive-writer';
import type { ComplianceSection } from './store/compliance-sections';

const sections: ComplianceSection[] = [
  { name: 'messages', columns: ['id', 'content'], sql: '' },
  { name: 'reactions', columns: ['id', 'emoji'], sql: '' },
];

/** The parts a snapshot yields: `messages` in `batches` cursor batches of `batch` rows, then one small section. */
async function* parts(batches: number, batch: number): AsyncGenerator<ExportPart> {
  yield { section: 'messages' };
  for (let b = 0; b < batches; b += 1) {
    yield { rows: Array.from({ length: batch }, (_, i) => ({ id: `${b}-${i}`, content: `message ${b}-${i} with, "some" words to make it longer` })) };
  }
  yield { section: 'reactions' };
  yield { rows: [{ id: 'r', emoji: '👍' }] };
}

describe(writeArchive.name, () => {
  let dir: string;
  beforeEach(async () => (dir = await mkdtemp(join(tmpdir(), 'parley-archive-'))));
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('streams a section spanning many cursor batches (well past the streams’ buffers) into its entry', async () => {
    const target = join(dir, 'export.zip');
    const written = await writeArchive(target, {
      format: 'csv',
      sections,
      parts: parts(40, 500),
      snapshotAt: () => new Date('2026-01-01T00:00:00.000Z'),
      openFile: () => Promise.resolve(null),
    });

    const archive = await readFile(target);
    expect(written.size).toBe(archive.length);
    expect(written.sha256).toBe(createHash('sha256').update(archive).digest('hex'));
    const files = await readZip(archive);
    expect([...files.keys()]).toEqual(['messages.csv', 'reactions.csv', 'manifest.json']);
    const messages = files.get('messages.csv')!;
    const lines = messages.toString('utf8').split('\r\n');
    expect(lines).toHaveLength(1 + 20_000 + 1);
    expect(lines[0]).toBe('id,content');
    expect(lines[20_000]).toBe('39-499,"message 39-499 with, ""some"" words to make it longer"');
    expect(written.manifest.files).toEqual([
      {
        name: 'messages.csv',
        section: 'messages',
        rows: 20_000,
        bytes: messages.length,
        sha256: createHash('sha256').update(messages).digest('hex'),
      },
      expect.objectContaining({ name: 'reactions.csv', section: 'reactions', rows: 1 }),
    ]);
    expect(messages.length).toBeGreaterThan(1_000_000);
  }, 30_000);
  it('fails, and leaves no file behind, when the archive cannot be written (it never waits for a drain that cannot come)', async () => {
    const target = join(dir, 'missing-folder', 'export.zip');
    await expect(
      writeArchive(target, {
        format: 'csv',
        sections,
        parts: parts(40, 500),
        snapshotAt: () => new Date('2026-01-01T00:00:00.000Z'),
        openFile: () => Promise.resolve(null),
      }),
    ).rejects.toThrow(/ENOENT/);
  }, 10_000);
});
