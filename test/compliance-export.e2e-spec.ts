import { jest } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import { get as httpGet, type IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FILE_STORAGE, type FileStorage } from '../src/conversations/uploads/storage/file-storage';
import { ComplianceExportWorker } from '../src/operations/compliance-export/compliance-export.worker';
import { createRoom, send } from './support/chat';
import { ADMIN_ACCOUNT, loginAdmin, registerUser, TestUser, createOrganization } from './support/factories';
import { withClient } from './support/test-database';
import { API, startTestApp, TestApp } from './support/test-app';
import { binary, uploadOk } from './support/uploads';
import { readZip } from './support/zip';

type Row = Record<string, unknown>;
/** `promise`, or a failure naming what did not happen within 30 s. */
async function bounded<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`waited 30 s for ${what}`)), 30_000)));
  try {
    return await Promise.race([promise, late]);
  } finally {
    clearTimeout(timer);
  }
}
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const lines = (bytes: Buffer | undefined): Row[] =>
  bytes!
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Row);

describe('Compliance export (e2e)', () => {
  let t: TestApp;
  let dataDir: string;
  let owner: TestUser;
  let bob: TestUser;
  let root: { Authorization: string };
  let roomId: string;
  const ids: Record<string, string> = {};
  const file = Buffer.from('Screenshot transcript of the chat.\n'.repeat(120));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-compliance-'));
    t = await startTestApp({ ...ADMIN_ACCOUNT, DATA_DIR: dataDir, UPLOAD_RATE_LIMIT: '1000' });
    owner = await registerUser(t.http);
    bob = await registerUser(t.http);
    root = await loginAdmin(t.http);
    roomId = (await createRoom(t.http, owner, { name: 'Evidence', participants: [bob.id] })).id;
    const edited = await send(t.http, bob, roomId, 'you are, "worthless"\nand alone');
    await t.http.patch(`${API}/rooms/${roomId}/messages/${edited.id}`).set(bob.auth).send({ content: 'sorry, "friend"' }).expect(200);
    const deleted = await send(t.http, bob, roomId, 'deleted threat');
    await t.http.delete(`${API}/rooms/${roomId}/messages/${deleted.id}`).set(bob.auth).expect(204);
    await t.http
      .put(`${API}/rooms/${roomId}/messages/${edited.id}/reactions/${encodeURIComponent('👎')}`)
      .set(owner.auth)
      .expect(200);
    const reply = await send(t.http, owner, roomId, 'in the thread', { thread_root_id: edited.id });
    const up = await uploadOk(t.http, bob, file, 'proof.txt');
    const attached = await send(t.http, bob, roomId, 'see attached', { attachments: [up.id] });
    Object.assign(ids, { edited: edited.id, deleted: deleted.id, reply: reply.id, upload: up.id, attached: attached.id });
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  const worker = () => t.app.get(ComplianceExportWorker);
  const create = (body: Row, who = root) => t.http.post(`${API}/admin/compliance-exports`).set(who).send(body);
  /** The archive's bytes (an error's body is JSON as usual: use `refused`). */
  const download = (id: string, headers: Record<string, string> = {}) =>
    t.http.get(`${API}/admin/compliance-exports/${id}/download`).set(root).set(headers).buffer(true).parse(binary);
  const refused = (id: string, who = root, headers: Record<string, string> = {}) =>
    t.http.get(`${API}/admin/compliance-exports/${id}/download`).set(who).set(headers);
  /** A GET of the API as the operator, read as a stream (node's http, to see the answer as it arrives). */
  const get = (path: string) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      httpGet(`${t.baseUrl}${API}${path}`, { headers: root }, resolve).on('error', reject);
    });
  async function finished(body: Row): Promise<Row> {
    const created = await create(body).expect(201);
    expect(created.body).toMatchObject({ status: expect.stringMatching(/pending|running|done/), requested_by: expect.any(String) });
    await worker().settle();
    const job = await t.http.get(`${API}/admin/compliance-exports/${created.body.id}`).set(root).expect(200);
    expect(job.body.status).toBe('done');
    return job.body;
  }

  it('exports a room as JSON Lines with edits, deletes, reactions, thread links and attachments, its manifest checksums verifying', async () => {
    const job = await finished({ room_ids: [roomId], format: 'jsonl', include_files: true });
    const archive = (await download(job.id as string).expect(200)).body as Buffer;
    expect(archive.length).toBe(job.size);
    expect(sha256(archive)).toBe(job.sha256);
    const entries = await readZip(archive);
    const manifest = JSON.parse(entries.get('manifest.json')!.toString());
    expect(manifest).toEqual(job.manifest);
    for (const f of manifest.files) {
      expect([f.name, sha256(entries.get(f.name)!), entries.get(f.name)!.length]).toEqual([f.name, f.sha256, f.bytes]);
    }
    const counts = Object.fromEntries(manifest.files.map((f: Row) => [f.section, f.rows]));
    const messages = lines(entries.get('messages.jsonl'));
    // Four text messages, and the room's system messages (its creation) as they are.
    expect(counts).toEqual({ messages: messages.length, revisions: 2, reactions: 1, attachments: 1, files: 1 });
    expect(messages.filter((m) => m.type === 'text')).toHaveLength(4);
    const byId = new Map(messages.map((m) => [m.id, m]));
    expect(byId.get(ids.edited)).toMatchObject({ content: 'sorry, "friend"', sender_id: bob.id, edited_at: expect.any(String) });
    expect(byId.get(ids.deleted)).toMatchObject({ content: '', deleted_at: expect.any(String) });
    expect(byId.get(ids.reply)).toMatchObject({ thread_root_id: ids.edited, sender_id: owner.id });
    const revisions = lines(entries.get('revisions.jsonl'));
    expect(revisions.map((r) => [r.message_id, r.content, r.replaced_by])).toEqual(
      expect.arrayContaining([
        [ids.edited, 'you are, "worthless"\nand alone', 'edit'],
        [ids.deleted, 'deleted threat', 'delete'],
      ]),
    );
    expect(lines(entries.get('reactions.jsonl'))).toEqual([expect.objectContaining({ message_id: ids.edited, user_id: owner.id, emoji: '👎' })]);
    expect(lines(entries.get('attachments.jsonl'))).toEqual([
      expect.objectContaining({ id: ids.upload, message_id: ids.attached, name: 'proof.txt', size: file.length, file: `files/${ids.upload}` }),
    ]);
    expect(entries.get(`files/${ids.upload}`)!.equals(file)).toBe(true);
    expect(lines(entries.get('files.jsonl'))).toEqual([{ id: ids.upload, file: `files/${ids.upload}`, bytes: file.length, sha256: sha256(file) }]);

    const audit = (await t.http.get(`${API}/admin/audit`).set(root).expect(200)).body.results.filter((e: Row) => e.target_id === job.id);
    expect(audit.map((e: Row) => e.action).sort()).toEqual(['compliance_export.created', 'compliance_export.downloaded']);
  });

  it('writes CSV with RFC 4180 escaping, and leaves files out unless asked', async () => {
    const job = await finished({ room_ids: [roomId], format: 'csv' });
    const entries = await readZip((await download(job.id as string).expect(200)).body);
    expect([...entries.keys()]).toEqual(['messages.csv', 'revisions.csv', 'reactions.csv', 'attachments.csv', 'manifest.json']);
    const csv = entries.get('revisions.csv')!.toString();
    expect(csv.startsWith('message_id,room_id,version,content,meta,written_at,replaced_at,replaced_by\r\n')).toBe(true);
    expect(csv).toContain(`${ids.edited},${roomId},0,"you are, ""worthless""\nand alone",{},`);
    expect(entries.get('messages.csv')!.toString()).toContain(',"sorry, ""friend""",{},');
  });

  it("exports a user's messages in every room, within a date range", async () => {
    const elsewhere = (await createRoom(t.http, bob, { name: 'Other' })).id;
    await send(t.http, bob, elsewhere, 'elsewhere');
    const all = await finished({ user_ids: [bob.id], format: 'jsonl' });
    const entries = await readZip((await download(all.id as string).expect(200)).body);
    const contents = lines(entries.get('messages.jsonl'))
      .filter((m) => m.type === 'text')
      .map((m) => m.content);
    expect(contents.sort()).toEqual(['', 'elsewhere', 'see attached', 'sorry, "friend"'].sort());
    const future = await finished({ user_ids: [bob.id], format: 'jsonl', from: new Date(Date.now() + 60_000).toISOString() });
    expect((future.manifest as { files: Row[] }).files.every((f) => f.rows === 0)).toBe(true);
  });

  it('resumes an interrupted download with Range (206), guarded by If-Range', async () => {
    const job = await finished({ room_ids: [roomId], format: 'jsonl', include_files: true });
    const whole = (await download(job.id as string).expect(200)).body as Buffer;
    const etag = `"${job.sha256}"`;
    const cut = Math.floor(whole.length / 3);
    const head = await download(job.id as string, { Range: `bytes=0-${cut - 1}` }).expect(206);
    expect(head.headers['content-range']).toBe(`bytes 0-${cut - 1}/${whole.length}`);
    const rest = await download(job.id as string, { Range: `bytes=${cut}-`, 'If-Range': etag }).expect(206);
    expect(rest.headers).toMatchObject({ 'content-range': `bytes ${cut}-${whole.length - 1}/${whole.length}`, etag, 'accept-ranges': 'bytes' });
    expect(Buffer.concat([head.body, rest.body]).equals(whole)).toBe(true);
    // Another archive's ETag: the whole file, not a piece of this one.
    const stale = await download(job.id as string, { Range: `bytes=${cut}-`, 'If-Range': '"other"' }).expect(200);
    expect(stale.body.length).toBe(whole.length);
    const past = await refused(job.id as string, root, { Range: `bytes=${whole.length}-` }).expect(416);
    expect([past.headers['content-range'], past.body.code]).toEqual([`bytes */${whole.length}`, 'range_not_satisfiable']);
  });

  it("exports a held user's messages by their id after the user was deleted, naming them as the sender", async () => {
    const held = await registerUser(t.http);
    const room = (await createRoom(t.http, owner, { participants: [held.id] })).id;
    const said = await send(t.http, held, room, 'what they said');
    await t.http
      .post(`${API}/admin/legal-holds`)
      .set(root)
      .send({ name: 'Departed', reason: 'r', user_ids: [held.id] })
      .expect(201);
    await t.http.delete(`${API}/users/${held.id}?erase_messages=true`).set(held.auth).expect(204);
    const job = await finished({ user_ids: [held.id], format: 'jsonl' });
    const entries = await readZip((await download(job.id as string).expect(200)).body);
    expect(lines(entries.get('messages.jsonl'))).toEqual([
      expect.objectContaining({ id: said.id, sender_id: held.id, content: '', deleted_at: expect.any(String) }),
    ]);
    expect(lines(entries.get('revisions.jsonl'))).toEqual([
      expect.objectContaining({ message_id: said.id, content: 'what they said', replaced_by: 'delete' }),
    ]);
  });

  // Once skipped as a "stall": the writer was fine (src/operations/compliance-export/archive-writer.spec.ts
  // streams a section of many cursor batches); the sampler below forced a full collection every second,
  // each taking 1.5 to 2 s on the shared machine, so the export got almost no time on the event loop.
  it('writes the archive of a 30,000-message room with flat memory', async () => {
    const big = (await createRoom(t.http, owner, { name: 'Big' })).id;
    await withClient(t.databaseUrl, async (c) => {
      await c.query(
        `INSERT INTO messages (id, room_id, seq, type, sender_id, content)
         SELECT gen_random_uuid(), $1, 1 + g, 'text', $2, 'message number ' || g || ' with, "some" words to make it longer' FROM generate_series(1, 30000) g`,
        [big, owner.id],
      );
      await c.query(`UPDATE rooms SET last_seq = 30001 WHERE id = $1`, [big]);
    });
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    gc();
    const baseline = process.memoryUsage().heapUsed;
    let peak = 0;
    let samples = 0;
    let collecting = 0;
    // Live heap sampled while the worker writes (after a full collection, so only what it holds counts).
    // A full collection of this process's heap (the whole app under Jest) blocks the event loop for a
    // second or more on the shared machine: taken back to back (setInterval), they left the export no
    // time to run and it crawled (the "stall"). So each sample is taken a while after the previous one ended.
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const sample = () => {
      const before = Date.now();
      gc();
      collecting += Date.now() - before;
      samples += 1;
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
      timer = setTimeout(sample, 2000);
    };
    timer = setTimeout(sample, 250);
    let job: Row;
    try {
      job = await finished({ room_ids: [big], format: 'csv' });
    } finally {
      clearTimeout(timer);
    }
    const messages = (job.manifest as { files: Row[] }).files.find((f) => f.section === 'messages')!;
    expect(messages.rows).toBe(30_001);
    expect(messages.bytes as number).toBeGreaterThan(3_000_000);
    console.log(
      `compliance export: ${messages.bytes} bytes of CSV, ${job.size} zipped in ${Date.now() - started} ms (${collecting} ms of it in the ${samples} forced collections); peak live heap while writing: +${(peak / 1e6).toFixed(1)} MB`,
    );
    expect(samples).toBeGreaterThan(0);
    // Built whole, the CSV alone would hold 3 to 5 MB (twice that as JavaScript strings) and 30,000 row objects far more.
    expect(peak).toBeLessThan(6_000_000);
    const archive = (await download(job.id as string).expect(200)).body as Buffer;
    expect(sha256(archive)).toBe(job.sha256);
  }, 300_000);

  it('exports a 20,000-message room: every count and checksum of the manifest verifies, the download streams and resumes after an interruption', async () => {
    const N = 20_000;
    const room = (await createRoom(t.http, owner, { name: 'Twenty thousand', participants: [bob.id] })).id;
    const before = await withClient(t.databaseUrl, async (c) => {
      const { rows } = await c.query<{ last_seq: string; count: number }>(
        `SELECT last_seq, (SELECT count(*)::int FROM messages WHERE room_id = $1) AS count FROM rooms WHERE id = $1`,
        [room],
      );
      const base = Number(rows[0].last_seq);
      await c.query(
        `INSERT INTO messages (id, room_id, seq, type, sender_id, content, created_at)
         SELECT gen_random_uuid(), $1, $4 + g, 'text', CASE WHEN g % 2 = 0 THEN $2::uuid ELSE $3::uuid END,
                'message ' || g || ' with, "quotes" and a line' || chr(10) || 'break', now() - make_interval(secs => $5 - g)
           FROM generate_series(1, $5::int) g`,
        [room, owner.id, bob.id, base, N],
      );
      // Every 10th message edited once, every 50th (from the 25th) deleted: each keeps version 0 as a revision.
      await c.query(
        `INSERT INTO message_revisions (message_id, version, content, meta, written_at, replaced_at, replaced_by)
         SELECT id, 0, content, '{}', created_at, now(), CASE WHEN (seq - $2) % 10 = 0 THEN 'edit' ELSE 'delete' END
           FROM messages WHERE room_id = $1 AND seq > $2 AND ((seq - $2) % 10 = 0 OR (seq - $2) % 50 = 25)`,
        [room, base],
      );
      await c.query(
        `UPDATE messages SET content = 'edited: ' || content, edited_at = now() WHERE room_id = $1 AND seq > $2 AND (seq - $2) % 10 = 0`,
        [room, base],
      );
      await c.query(`UPDATE messages SET content = '', deleted_at = now() WHERE room_id = $1 AND seq > $2 AND (seq - $2) % 50 = 25`, [room, base]);
      // Every 7th message has two reactions.
      await c.query(
        `INSERT INTO message_reactions (message_id, emoji, user_id)
         SELECT m.id, r.emoji, r.user_id FROM messages m CROSS JOIN (VALUES ('👍', $3::uuid), ('🎉', $4::uuid)) AS r(emoji, user_id)
          WHERE m.room_id = $1 AND m.seq > $2 AND (m.seq - $2) % 7 = 0`,
        [room, base, owner.id, bob.id],
      );
      await c.query(`UPDATE rooms SET last_seq = $2 WHERE id = $1`, [room, base + N]);
      return rows[0].count; // the room's own messages before the seed (its creation, the member added)
    });
    const job = await finished({ room_ids: [room], format: 'jsonl' });
    const manifest = job.manifest as { files: Row[] };
    const edits = N / 10;
    const deletes = N / 50;
    const reactions = 2 * Math.floor(N / 7);
    expect(Object.fromEntries(manifest.files.map((f) => [f.section, f.rows]))).toEqual({
      messages: before + N,
      revisions: edits + deletes,
      reactions,
      attachments: 0,
    });

    // The download streams: the answer starts while the stored archive is held back after its first
    // chunk (a route that read the archive whole before answering would never start), and the file
    // is read in chunks of at most 64 KiB.
    const storage = t.app.get<FileStorage>(FILE_STORAGE);
    const open = storage.open.bind(storage);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const read = { chunks: 0, largest: 0 };
    const spy = jest.spyOn(storage, 'open').mockImplementationOnce(async (...args) => {
      const file = await open(...args);
      if (file.kind !== 'stream') return file;
      async function* held(source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          if (read.chunks === 1) await released;
          read.chunks += 1;
          read.largest = Math.max(read.largest, chunk.length);
          yield chunk;
        }
      }
      return { ...file, stream: Readable.from(held(file.stream)) };
    });
    const size = job.size as number;
    const etag = `"${job.sha256}"`;
    try {
      const res = await bounded(get(`/admin/compliance-exports/${job.id}/download`), 'the download to start');
      expect([res.statusCode, Number(res.headers['content-length']), res.headers.etag]).toEqual([200, size, etag]);
      const chunks: Buffer[] = [];
      const first = new Promise<void>((resolve) => res.once('data', () => resolve()));
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      const ended = new Promise<void>((resolve, reject) => res.on('end', resolve).on('error', reject));
      await bounded(first, 'the first bytes');
      expect([read.chunks, Buffer.concat(chunks).length < size]).toEqual([1, true]);
      release();
      await bounded(ended, 'the rest of the download');
      const whole = Buffer.concat(chunks);
      expect([whole.length, sha256(whole)]).toEqual([size, job.sha256]);
      expect(read.chunks).toBe(Math.ceil(size / 65_536));
      expect(read.largest).toBeLessThanOrEqual(65_536);
    } finally {
      release();
      spy.mockRestore();
    }

    // Interrupted after a third, then resumed from the bytes received with If-Range.
    const interrupted = await bounded(get(`/admin/compliance-exports/${job.id}/download`), 'the second download to start');
    const head = await bounded(
      new Promise<Buffer>((resolve, reject) => {
        const parts: Buffer[] = [];
        let received = 0;
        interrupted.on('data', (chunk: Buffer) => {
          parts.push(chunk);
          received += chunk.length;
          if (received >= size / 3) {
            interrupted.destroy();
            resolve(Buffer.concat(parts));
          }
        });
        interrupted.on('end', () => reject(new Error('the download ended before it was interrupted')));
      }),
      'a third of the download',
    );
    expect(head.length).toBeLessThan(size);
    const rest = await download(job.id as string, { Range: `bytes=${head.length}-`, 'If-Range': etag }).expect(206);
    expect(rest.headers['content-range']).toBe(`bytes ${head.length}-${size - 1}/${size}`);
    const archive = Buffer.concat([head, rest.body]);
    expect([archive.length, sha256(archive)]).toEqual([size, job.sha256]);

    // Every file of the archive against the manifest: its bytes, its SHA-256 and its rows.
    const entries = await readZip(archive);
    expect(JSON.parse(entries.get('manifest.json')!.toString())).toEqual(job.manifest);
    expect([...entries.keys()].sort()).toEqual([...manifest.files.map((f) => f.name as string), 'manifest.json'].sort());
    for (const f of manifest.files) {
      const bytes = entries.get(f.name as string)!;
      expect([f.name, bytes.length, sha256(bytes), lines(bytes).length]).toEqual([f.name, f.bytes, f.sha256, f.rows]);
    }
    const messages = lines(entries.get('messages.jsonl'));
    expect(messages.filter((m) => m.deleted_at !== null && m.content === '')).toHaveLength(deletes);
    expect(messages.filter((m) => typeof m.content === 'string' && m.content.startsWith('edited: '))).toHaveLength(edits);
    const revisions = lines(entries.get('revisions.jsonl'));
    expect(revisions.filter((r) => r.replaced_by === 'delete' && String(r.content).startsWith('message '))).toHaveLength(deletes);
  }, 120_000);

  it('takes over a job whose worker stopped renewing its claim (its node died) and finishes it; a live claim is left to its worker', async () => {
    const [lapsed, live] = [randomUUID(), randomUUID()];
    await withClient(t.databaseUrl, (c) =>
      c.query(
        `INSERT INTO compliance_exports (id, room_ids, format, status, attempts, claimed_at)
         VALUES ($1, $3, 'jsonl', 'running', 1, now() - interval '3 minutes'), ($2, $3, 'jsonl', 'running', 1, now())`,
        [lapsed, live, [roomId]],
      ),
    );
    try {
      await worker().settle();
      const taken = (await t.http.get(`${API}/admin/compliance-exports/${lapsed}`).set(root).expect(200)).body;
      expect(taken.status).toBe('done');
      const archive = (await download(lapsed).expect(200)).body as Buffer;
      expect(sha256(archive)).toBe(taken.sha256);
      expect((await t.http.get(`${API}/admin/compliance-exports/${live}`).set(root).expect(200)).body.status).toBe('running');
      const attempts = await withClient(t.databaseUrl, (c) =>
        c.query<{ id: string; attempts: number }>(`SELECT id, attempts FROM compliance_exports WHERE id = ANY($1)`, [[lapsed, live]]),
      );
      expect(Object.fromEntries(attempts.rows.map((r) => [r.id, r.attempts]))).toEqual({ [lapsed]: 2, [live]: 1 });
    } finally {
      await withClient(t.databaseUrl, (c) => c.query(`UPDATE compliance_exports SET status = 'failed' WHERE id = $1`, [live]));
    }
  });

  it('answers 401, 403 to anyone but a global admin, 404 for unknown ids, 400 for bad input and 409 before it is done', async () => {
    const id = randomUUID();
    await t.http
      .post(`${API}/admin/compliance-exports`)
      .send({ room_ids: [roomId], format: 'csv' })
      .expect(401);
    await t.http.get(`${API}/admin/compliance-exports/${id}`).expect(401);
    await t.http.get(`${API}/admin/compliance-exports/${id}/download`).expect(401);
    for (const req of [
      create({ room_ids: [roomId], format: 'csv' }, owner.auth),
      t.http.get(`${API}/admin/compliance-exports/${id}`).set(owner.auth),
      refused(id, owner.auth),
    ]) {
      expect((await req.expect(403)).body.code).toBe('permission_denied');
    }
    await t.http.get(`${API}/admin/compliance-exports/${id}`).set(root).expect(404);
    await refused(id).expect(404);
    expect((await create({ room_ids: [randomUUID()], format: 'csv' }).expect(404)).body.code).toBe('room_not_found');
    expect((await create({ user_ids: [randomUUID()], format: 'csv' }).expect(404)).body.code).toBe('user_not_found');
    expect((await create({ room_ids: [roomId] }).expect(400)).body).toHaveProperty('format');
    expect((await create({ room_ids: [roomId], format: 'xml' }).expect(400)).body).toHaveProperty('format');
    expect((await create({ format: 'csv' }).expect(400)).body).toHaveProperty('non_field_errors');
    expect((await create({ room_ids: ['x'], format: 'csv' }).expect(400)).body).toHaveProperty('room_ids');
    expect((await create({ room_ids: [roomId], format: 'csv', from: 'yesterday' }).expect(400)).body).toHaveProperty('from');
    const range = { room_ids: [roomId], format: 'csv', from: '2026-02-01T00:00:00Z', until: '2026-01-01T00:00:00Z' };
    expect((await create(range).expect(400)).body).toHaveProperty('until');
    expect((await create({ room_ids: [roomId], format: 'csv', include_files: 'yes' }).expect(400)).body).toHaveProperty('include_files');
    await t.http.get(`${API}/admin/compliance-exports/nope`).set(root).expect(400);

    const failed = randomUUID();
    await withClient(t.databaseUrl, (c) =>
      c.query(`INSERT INTO compliance_exports (id, room_ids, format, status, attempts) VALUES ($1, $2, 'csv', 'failed', 3)`, [failed, [roomId]]),
    );
    expect((await refused(failed).expect(409)).body.code).toBe('conflict');
  });

  describe('organizations, listing and expiry', () => {
    const password = 'org-password-1';
    const organization = (slug: string) => createOrganization(t.http, root, slug, password);
    const memberOf = (slug: string) => registerUser(t.http, { username: `u${randomUUID().slice(0, 8)}`, password, organization: slug });
    const sql = (text: string, params: unknown[] = []) => withClient(t.databaseUrl, (c) => c.query(text, params));

    it("exports every room of the caller's organization, within a date range, and nothing of another", async () => {
      const north = await organization('north-export');
      const alice = await memberOf('north-export');
      const first = (await createRoom(t.http, alice, { name: 'North one' })).id;
      const second = (await createRoom(t.http, alice, { name: 'North two' })).id;
      await send(t.http, alice, first, 'north one says');
      await send(t.http, alice, second, 'north two says');
      const created = await create({ organization_id: north.id, format: 'jsonl' }, north.admin).expect(201);
      expect(created.body).toMatchObject({ organization_id: north.id, room_ids: [], user_ids: [] });
      await worker().settle();
      const job = await t.http.get(`${API}/admin/compliance-exports/${created.body.id}`).set(north.admin).expect(200);
      expect(job.body.status).toBe('done');
      const archive = await t.http
        .get(`${API}/admin/compliance-exports/${created.body.id}/download`)
        .set(north.admin)
        .buffer(true)
        .parse(binary)
        .expect(200);
      const messages = lines((await readZip(archive.body)).get('messages.jsonl'));
      expect(new Set(messages.map((m) => m.room_id))).toEqual(new Set([first, second]));
      expect(
        messages
          .filter((m) => m.type === 'text')
          .map((m) => m.content)
          .sort(),
      ).toEqual(['north one says', 'north two says']);
      // The default organization's job is not the north admin's, nor the other way round.
      await t.http.get(`${API}/admin/compliance-exports/${created.body.id}`).set(root).expect(404);

      const future = await create(
        { organization_id: north.id, format: 'jsonl', from: new Date(Date.now() + 60_000).toISOString() },
        north.admin,
      ).expect(201);
      await worker().settle();
      const empty = await t.http.get(`${API}/admin/compliance-exports/${future.body.id}`).set(north.admin).expect(200);
      expect((empty.body.manifest as { files: Row[] }).files.every((f) => f.rows === 0)).toBe(true);
    });

    it("refuses another organization's admin (404), a member (403), an unknown organization (404) and a bad id (400)", async () => {
      const east = await organization('east-export');
      const west = await organization('west-export');
      expect((await create({ organization_id: east.id, format: 'jsonl' }, west.admin).expect(404)).body.code).toBe('not_found');
      expect((await create({ organization_id: randomUUID(), format: 'jsonl' }, east.admin).expect(404)).body.code).toBe('not_found');
      // An operator may name any organization, but not one that does not exist.
      expect((await create({ organization_id: randomUUID(), format: 'jsonl' }).expect(404)).body.code).toBe('not_found');
      expect((await create({ organization_id: east.id, format: 'jsonl' }, owner.auth).expect(403)).body.code).toBe('permission_denied');
      expect((await create({ organization_id: 'nope', format: 'jsonl' }).expect(400)).body).toHaveProperty('organization_id');
      expect((await sql(`SELECT count(*)::int AS n FROM compliance_exports WHERE organization_wide`)).rows[0].n).toBe(2);
    });

    it("lets an operator export another organization: the operator's job, read inside that organization, audited in both logs", async () => {
      const south = await organization('south-export');
      const carol = await memberOf('south-export');
      const southRoom = (await createRoom(t.http, carol, { name: 'South' })).id;
      await send(t.http, carol, southRoom, 'south says');
      const created = await create({ organization_id: south.id, format: 'jsonl' }).expect(201);
      expect(created.body).toMatchObject({ organization_id: south.id, status: expect.stringMatching(/pending|running|done/) });
      const id = created.body.id as string;
      await worker().settle();
      const job = (await t.http.get(`${API}/admin/compliance-exports/${id}`).set(root).expect(200)).body;
      expect(job.status).toBe('done');
      const archive = (await download(id).expect(200)).body as Buffer;
      expect(sha256(archive)).toBe(job.sha256);
      const messages = lines((await readZip(archive)).get('messages.jsonl'));
      expect(new Set(messages.map((m) => m.room_id))).toEqual(new Set([southRoom]));
      expect(messages.filter((m) => m.type === 'text').map((m) => m.content)).toEqual(['south says']);
      // The job is the operator's: south's admins neither see, list nor download it.
      await t.http.get(`${API}/admin/compliance-exports/${id}`).set(south.admin).expect(404);
      await t.http.get(`${API}/admin/compliance-exports/${id}/download`).set(south.admin).expect(404);
      const southJobs = await t.http.get(`${API}/admin/compliance-exports?limit=100`).set(south.admin).expect(200);
      expect(southJobs.body.results.map((j: Row) => j.id)).not.toContain(id);
      expect((await t.http.get(`${API}/admin/compliance-exports?limit=100`).set(root).expect(200)).body.results.map((j: Row) => j.id)).toContain(id);
      // Asked and downloaded: in the operator's log and in south's, by the operator.
      const logged = async (who: { Authorization: string }) =>
        (await t.http.get(`${API}/admin/audit?limit=100`).set(who).expect(200)).body.results
          .filter((e: Row) => e.target_id === id)
          .map((e: Row) => [e.action, e.actor_name, (e.details as Row).organization_id ?? null])
          .sort();
      const expected = [
        ['compliance_export.created', ADMIN_ACCOUNT.ADMIN_USERNAME, south.id],
        ['compliance_export.downloaded', ADMIN_ACCOUNT.ADMIN_USERNAME, null],
      ];
      expect(await logged(root)).toEqual(expected);
      expect(await logged(south.admin)).toEqual(expected);
      // A resumed rest is not audited again, in either log.
      await download(id, { Range: 'bytes=10-' }).expect(206);
      expect(await logged(south.admin)).toEqual(expected);
      // The named rooms and users are looked up inside the organization read: the operator's own are unknown there.
      expect((await create({ organization_id: south.id, room_ids: [roomId], format: 'jsonl' }).expect(404)).body.code).toBe('room_not_found');
      expect((await create({ organization_id: south.id, user_ids: [bob.id], format: 'jsonl' }).expect(404)).body.code).toBe('user_not_found');
    });

    it('reads inside the source organization: row-level security, not the scope predicate, keeps other organizations out', async () => {
      const south = await organization('south-rls-export');
      const dave = await memberOf('south-rls-export');
      const southRoom = (await createRoom(t.http, dave, { name: 'South RLS' })).id;
      await send(t.http, dave, southRoom, 'south rls says');
      // A job whose scope names the default organization's room and sender, read in south: were the
      // worker in system scope (or in the job's own organization), their messages would be in it.
      const id = randomUUID();
      await sql(
        `INSERT INTO compliance_exports (id, room_ids, user_ids, organization_wide, source_organization_id, format) VALUES ($1, $2, $3, true, $4, 'jsonl')`,
        [id, [roomId], [bob.id], south.id],
      );
      await worker().settle();
      const job = (await t.http.get(`${API}/admin/compliance-exports/${id}`).set(root).expect(200)).body;
      expect(job).toMatchObject({ status: 'done', organization_id: south.id });
      const messages = lines((await readZip((await download(id).expect(200)).body)).get('messages.jsonl'));
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.filter((m) => m.room_id !== southRoom)).toEqual([]);
      expect(messages.filter((m) => m.type === 'text').map((m) => m.content)).toEqual(['south rls says']);
    });

    it("lists the organization's jobs newest first, keyset-paged; 401, 403 and 400 otherwise", async () => {
      const made: string[] = [];
      for (let i = 0; i < 2; i += 1) made.push((await create({ room_ids: [roomId], format: 'csv' }).expect(201)).body.id);
      await worker().settle();
      const all = (await t.http.get(`${API}/admin/compliance-exports?limit=100`).set(root).expect(200)).body.results.map((j: Row) => j.id);
      expect(all.indexOf(made[1])).toBeGreaterThanOrEqual(0);
      expect(all.indexOf(made[1])).toBeLessThan(all.indexOf(made[0]));
      const page = await t.http.get(`${API}/admin/compliance-exports?limit=1`).set(root).expect(200);
      expect(page.body.results.map((j: Row) => j.id)).toEqual([all[0]]);
      const next = new URL(page.body.next);
      const older = await t.http.get(`${API}/admin/compliance-exports${next.search}`).set(root).expect(200);
      expect(older.body.results[0].id).toBe(all[1]);
      expect((await t.http.get(`${API}/admin/compliance-exports/${made[0]}`).set(root).expect(200)).body.status).toBe('done');
      await t.http.get(`${API}/admin/compliance-exports`).expect(401);
      expect((await t.http.get(`${API}/admin/compliance-exports`).set(owner.auth).expect(403)).body.code).toBe('permission_denied');
      await t.http.get(`${API}/admin/compliance-exports?limit=0`).set(root).expect(400);
      await t.http.get(`${API}/admin/compliance-exports?before=nope`).set(root).expect(400);
    });

    it('removes archives past COMPLIANCE_EXPORT_TTL: the job is expired and its download 410 export_expired', async () => {
      const job = await finished({ room_ids: [roomId], format: 'jsonl' });
      const young = await finished({ room_ids: [roomId], format: 'jsonl' });
      await sql(`UPDATE compliance_exports SET finished_at = now() - interval '8 days' WHERE id = $1`, [job.id]);
      await worker().expireArchives();
      const after = await t.http.get(`${API}/admin/compliance-exports/${job.id}`).set(root).expect(200);
      expect(after.body).toMatchObject({ status: 'expired', expired_at: expect.any(String) });
      const gone = await refused(job.id as string).expect(410);
      expect(gone.body.code).toBe('export_expired');
      const stored = await sql(`SELECT storage_key FROM compliance_exports WHERE id = $1`, [job.id]);
      expect(stored.rows[0].storage_key).toBeNull();
      // A younger archive stays.
      await download(young.id as string).expect(200);
      expect(await worker().expireArchives()).toBe(0);
    });
  });
});
