import { ListObjectsCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from '@20minutes/s3rver';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UploadsCleanup } from '../src/conversations/uploads/uploads-cleanup.service';
import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { withClient } from './support/test-database';
import { API, startTestApp, TestApp } from './support/test-app';
import { png, streamUpload, uploadFile, uploadOk } from './support/uploads';

const BUCKET = 'parley-test';
const MAX_BYTES = 256 * 1024;
const RATE_LIMIT = 8;
/** s3rver's built-in account. */
const CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/**
 * The S3 driver against a real S3-protocol server started here: s3rver checks
 * SigV4 signatures (presigned URLs included) and stores objects on disk.
 */
describe('Uploads on S3-compatible storage (e2e)', () => {
  let s3rver: S3rver;
  let port: number;
  let s3: S3Client;
  let t: TestApp;
  let dirs: string[];
  let alice: TestUser;
  let bob: TestUser;
  let eve: TestUser;
  let roomId: string;
  let image: Buffer;

  const keys = async () => ((await s3.send(new ListObjectsCommand({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key!).sort();

  beforeAll(async () => {
    dirs = [await mkdtemp(join(tmpdir(), 'parley-s3rver-')), await mkdtemp(join(tmpdir(), 'parley-data-'))];
    s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dirs[0], configureBuckets: [{ name: BUCKET }] });
    ({ port } = await s3rver.run());
    const endpoint = `http://127.0.0.1:${port}`;
    s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: CREDENTIALS });
    // s3rver signs bucket-level paths without the trailing slash this SDK sends (only the test lists the bucket).
    s3.middlewareStack.add(
      (next) => (args) => {
        const request = args.request as { path?: string };
        if (request.path === `/${BUCKET}/`) request.path = `/${BUCKET}`;
        return next(args);
      },
      { step: 'build' },
    );
    t = await startTestApp({
      DATA_DIR: dirs[1],
      UPLOAD_MAX_BYTES: String(MAX_BYTES),
      UPLOAD_RATE_LIMIT: String(RATE_LIMIT),
      S3_BUCKET: BUCKET,
      S3_ENDPOINT: endpoint,
      S3_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
      S3_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
    });
    alice = await registerUser(t.http, { username: 'alice' });
    bob = await registerUser(t.http, { username: 'bob' });
    eve = await registerUser(t.http, { username: 'eve' });
    roomId = (await createRoom(t.http, alice, { participants: [bob.id] })).id;
    image = await png(300, 200);
  });
  afterAll(async () => {
    await t.close();
    s3.destroy();
    await s3rver.close();
    await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('stores the file and its thumbnail in the bucket, nothing on local disk', async () => {
    const up = await uploadOk(t.http, alice, image, 'photo.png');
    expect(up).toMatchObject({ content_type: 'image/png', width: 300, height: 200 });
    expect(await keys()).toEqual(expect.arrayContaining([up.id, `${up.id}-thumb`]));
    await expect(readdir(join(dirs[1], 'uploads'))).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('downloads by a redirect to a short-lived presigned URL that forces type and a disposition named after the verified type', async () => {
    const photo = await uploadOk(t.http, alice, image, 'photo.exe');
    const page = await uploadOk(t.http, alice, Buffer.from('<html><script>alert(1)</script></html>'), 'page.html');
    await send(t.http, alice, roomId, 'files', { attachments: [photo.id, page.id] });

    const redirect = await t.http.get(`${API}/uploads/${photo.id}/content`).set(bob.auth).redirects(0).expect(302);
    const location = new URL(redirect.headers.location);
    expect(location.searchParams.get('X-Amz-Expires')).toBe('300');
    const fetched = await fetch(location);
    expect(fetched.status).toBe(200);
    expect(fetched.headers.get('content-type')).toBe('image/png');
    // Named after the verified type, not the uploader's extension.
    expect(fetched.headers.get('content-disposition')).toBe('inline; filename="photo.png"');
    expect(Buffer.compare(Buffer.from(await fetched.arrayBuffer()), image)).toBe(0);

    const thumb = await t.http.get(`${API}/uploads/${photo.id}/thumbnail`).set(bob.auth).redirects(0).expect(302);
    expect((await fetch(thumb.headers.location)).headers.get('content-type')).toBe('image/webp');

    const html = await t.http.get(`${API}/uploads/${page.id}/content`).set(bob.auth).redirects(0).expect(302);
    const served = await fetch(html.headers.location);
    expect(served.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(served.headers.get('content-disposition')).toBe('attachment; filename="page.txt"');

    const tampered = new URL(location);
    tampered.searchParams.set('response-content-type', 'text/html');
    expect((await fetch(tampered)).status).toBe(403);
  });

  it('answers 403 to an outsider by id, with no URL', async () => {
    const up = await uploadOk(t.http, alice, image, 'private.png');
    await send(t.http, alice, roomId, 'private', { attachments: [up.id] });
    const res = await t.http.get(`${API}/uploads/${up.id}/content`).set(eve.auth).redirects(0).expect(403);
    expect(res.headers.location).toBeUndefined();
  });

  it('removes the objects when the message is deleted, and by the cleanup when never attached', async () => {
    const attached = await uploadOk(t.http, bob, image, 'a.png');
    const stale = await uploadOk(t.http, bob, Buffer.from('old'), 'old.txt');
    const message = await send(t.http, bob, roomId, 'soon gone', { attachments: [attached.id] });
    await t.http.delete(`${API}/rooms/${roomId}/messages/${message.id}`).set(bob.auth).expect(204);
    expect((await keys()).filter((k) => k.startsWith(attached.id))).toEqual([]);

    await withClient(t.databaseUrl, (c) => c.query(`UPDATE uploads SET created_at = now() - interval '25 hours' WHERE id = $1`, [stale.id]));
    await t.app.get(UploadsCleanup).runOnce();
    expect(await keys()).not.toContain(stale.id);
  });

  it('stores nothing for an upload over the limit', async () => {
    const before = await keys();
    expect((await streamUpload(t.baseUrl, alice.access, 20 * MAX_BYTES)).status).toBe(413);
    expect(await keys()).toEqual(before);
  });

  it('limits uploads per user (429 with Retry-After), others unaffected', async () => {
    const dave = await registerUser(t.http, { username: 'dave' });
    for (let i = 0; i < RATE_LIMIT; i += 1) await uploadFile(t.http, dave, Buffer.from(`file ${i}`), `${i}.txt`).expect(201);
    const throttled = await uploadFile(t.http, dave, Buffer.from('one more'), 'more.txt').expect(429);
    expect(throttled.body.code).toBe('throttled');
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    await uploadFile(t.http, eve, Buffer.from('mine'), 'eve.txt').expect(201);
  });

  it('retries a storage deletion that failed: the row stays until the cleanup removes the bytes', async () => {
    const up = await uploadOk(t.http, alice, Buffer.from('keep trying'), 'retry.txt');
    const message = await send(t.http, alice, roomId, 'delete me while S3 is down', { attachments: [up.id] });
    await s3rver.close();
    try {
      await t.http.delete(`${API}/rooms/${roomId}/messages/${message.id}`).set(alice.auth).expect(204);
      const rows = await withClient(t.databaseUrl, (c) => c.query(`SELECT message_id FROM uploads WHERE id = $1`, [up.id]));
      expect(rows.rows).toEqual([{ message_id: null }]);
      await t.http.get(`${API}/uploads/${up.id}/content`).set(alice.auth).expect(404);
    } finally {
      s3rver = new S3rver({ address: '127.0.0.1', port, silent: true, directory: dirs[0], configureBuckets: [{ name: BUCKET }] });
      await s3rver.run();
    }
    expect(await keys()).toContain(up.id);
    await t.app.get(UploadsCleanup).runOnce();
    expect(await keys()).not.toContain(up.id);
    const left = await withClient(t.databaseUrl, (c) => c.query(`SELECT 1 FROM uploads WHERE id = $1`, [up.id]));
    expect(left.rowCount).toBe(0);
  });
});
