import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { registerUser } from './support/factories';
import { startServer } from './support/server-process';
import { connect } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * The reference web app on the API's origin: built (only when its sources
 * changed) by the same script `npm start` runs, then served at `/` with a
 * fallback to index.html for client-side routes, while the API, the docs and
 * the probes answer as before.
 */
describe('web app at /', () => {
  let t: TestApp;
  beforeAll(async () => {
    const build = spawnSync(process.execPath, ['scripts/web-build.cjs'], { encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}${build.stderr}`);
    t = await startTestApp();
  }, 120_000);
  afterAll(() => t?.close());

  it('serves index.html at / and for client-side routes', async () => {
    const home = await t.http.get('/').set('Accept', 'text/html').expect(200);
    expect(home.headers['content-type']).toMatch(/text\/html/);
    expect(home.text).toMatch(/<div id="root"[^>]*><\/div>/);
    const deep = await t.http.get('/rooms/0190f1f4-0000-7000-8000-000000000000').set('Accept', 'text/html').expect(200);
    expect(deep.text).toBe(home.text);
  });

  it('lets the page show blob: images (previews before upload), and nothing else more than the API', async () => {
    const csp = (res: { headers: Record<string, string> }) =>
      new Map(res.headers['content-security-policy'].split(';').map((d) => [d.trim().split(' ')[0], d.trim().split(' ').slice(1).sort()]));
    const page = csp(await t.http.get('/rooms/x').set('Accept', 'text/html').expect(200));
    const api = csp(await t.http.get(`${API}/no-such-thing`).expect(404));
    expect(page.get('img-src')).toEqual(["'self'", 'blob:', 'data:']);
    expect(api.get('img-src')).toEqual(["'self'", 'data:']);
    expect(page.get('default-src')).toEqual(["'self'"]);
    expect(page.get('script-src')).toEqual(["'self'"]);
    // Every other directive is the API's.
    page.delete('img-src');
    api.delete('img-src');
    expect(page).toEqual(api);
  });

  it('serves the built assets with long-lived caching', async () => {
    const index = readFileSync(join('web', 'dist', 'index.html'), 'utf8');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index)![1];
    const res = await t.http.get(script).expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
    await t.http.get('/assets/no-such-file.js').expect(404);
  });

  it('keeps the API, docs and probes: unknown API routes stay 404 JSON', async () => {
    const res = await t.http.get(`${API}/no-such-thing`).set('Accept', 'text/html').expect(404);
    expect(res.body).toEqual({ detail: 'Not found.', code: 'not_found' });
    await t.http.get('/docs-json').expect(200);
    await t.http.get('/health/live').expect(200);
    await t.http.post('/rooms').set('Accept', 'text/html').expect(404);
    // SCIM lives outside /api/v1 (RFC 7644's tenant URL): its refusal, not the page.
    const scim = await t.http.get('/scim/v2/Users').set('Accept', 'text/html').expect(401);
    expect(scim.headers['content-type']).toMatch(/^application\/scim\+json/);
  });

  it('never looks on disk for a path the API owns (no file-system call in front of API requests)', async () => {
    // A file planted where express.static would find it for an API path: the API answers, not the file.
    const planted = join('web', 'dist', 'api', 'v1', 'planted.txt');
    mkdirSync(dirname(planted), { recursive: true });
    writeFileSync(planted, 'served from disk');
    try {
      const res = await t.http.get(`${API}/planted.txt`).expect(404);
      expect(res.body).toEqual({ detail: 'Not found.', code: 'not_found' });
    } finally {
      rmSync(join('web', 'dist', 'api'), { recursive: true, force: true });
    }
  });

  it('lets the served page open a socket from its own origin, and still refuses foreign origins', async () => {
    const user = await registerUser(t.http);
    const socket = await connect(t.baseUrl, user.access, { headers: { Origin: t.baseUrl } });
    socket.close();
    await expect(connect(t.baseUrl, user.access, { headers: { Origin: 'https://evil.example.com' } })).rejects.toMatchObject({
      code: 'origin_not_allowed',
    });
  });

  it('serves the web app from an install path with a folder whose name starts with a dot (~/.cache/...)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'parley-dotted-'));
    const install = join(home, '.cache', 'parley');
    mkdirSync(join(install, 'web'), { recursive: true });
    // The checkout as seen from the dotted folder: what the server reads from its working directory.
    for (const entry of ['node_modules', 'src', 'docs', 'package.json', 'tsconfig.json'])
      symlinkSync(join(process.cwd(), entry), join(install, entry));
    symlinkSync(join(process.cwd(), 'web', 'dist'), join(install, 'web', 'dist'));
    const server = await startServer({ DATABASE_URL: t.databaseUrl, DATA_DIR: join(home, 'data') }, { cwd: install });
    try {
      for (const path of ['/', '/rooms/0190f1f4-0000-7000-8000-000000000000']) {
        const res = await fetch(`${server.url}${path}`, { headers: { Accept: 'text/html' } });
        expect([path, res.status]).toEqual([path, 200]);
        expect(await res.text()).toMatch(/<div id="root"[^>]*><\/div>/);
      }
    } finally {
      await server.stop();
      rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);

  it('rebuilds only when the web sources changed', () => {
    const again = spawnSync(process.execPath, ['scripts/web-build.cjs'], { encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('up to date');
  });
});
