import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRoom } from './support/chat';
import { registerUser } from './support/factories';
import { API, startTestApp, TestApp } from './support/test-app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface Problem {
  document: 'served' | 'broken';
  rule: string;
  where: string;
  message: string;
}

const ROOT = process.cwd();
/** No usage data, no update check, no fetching: the rulesets come from node_modules and the repo. */
const OFFLINE = { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', SCARF_ANALYTICS: 'false', DO_NOT_TRACK: '1' };

function run(bin: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(join(ROOT, 'node_modules', '.bin', bin), args, { cwd: ROOT, env: OFFLINE, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) =>
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? 1 : 0, stdout, stderr }),
    );
  });
}

/** Spectral with the committed .spectral.yaml (spectral:oas + OWASP API Security): errors only. */
async function spectral(files: Record<Problem['document'], string>, out: string): Promise<Problem[]> {
  const result = await run('spectral', [
    'lint',
    '--ruleset',
    join(ROOT, '.spectral.yaml'),
    '--format',
    'json',
    '--output',
    out,
    '--fail-severity',
    'error',
    files.served,
    files.broken,
  ]);
  let results: Json[];
  try {
    results = JSON.parse(readFileSync(out, 'utf8'));
  } catch {
    throw new Error(`Spectral did not run (exit ${result.code}): ${result.stderr || result.stdout}`);
  }
  return results
    .filter((r) => r.severity === 0)
    .map((r) => ({ document: r.source === files.broken ? 'broken' : 'served', rule: r.code, where: r.path.join('.'), message: r.message }));
}

/** Redocly with the committed redocly.yaml (recommended rules): errors only. */
async function redocly(files: Record<Problem['document'], string>): Promise<Problem[]> {
  const problems: Problem[] = [];
  for (const document of ['served', 'broken'] as const) {
    const result = await run('redocly', ['lint', files[document], '--config', join(ROOT, 'redocly.yaml'), '--format', 'json']);
    let report: Json;
    try {
      report = JSON.parse(result.stdout);
    } catch {
      throw new Error(`Redocly did not run (exit ${result.code}): ${result.stderr || result.stdout}`);
    }
    for (const p of report.problems as Json[]) {
      if (p.severity === 'error') problems.push({ document, rule: p.ruleId, where: p.location?.[0]?.pointer ?? '', message: p.message });
    }
  }
  return problems;
}

/**
 * The served OpenAPI document, judged by two outside linters as CI judges it:
 * Spectral with the OWASP API Security ruleset and Redocly's recommended rules,
 * with the committed .spectral.yaml and redocly.yaml (docs/API.md says which
 * rules are off and why). Any error fails, listed. A deliberately broken copy
 * is linted in the same runs and must fail, so a linter that silently ran no
 * rule cannot pass this test.
 */
describe('OpenAPI document lint (e2e)', () => {
  let t: TestApp;
  let doc: Json;
  let folder: string;
  let problems: Problem[];

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/docs-json').expect(200)).body as Json;
    folder = mkdtempSync(join(tmpdir(), 'parley-openapi-lint-'));
    const files = { served: join(folder, 'served.json'), broken: join(folder, 'broken.json') };
    writeFileSync(files.served, JSON.stringify(doc, null, 2));
    writeFileSync(files.broken, JSON.stringify(broken(doc), null, 2));
    // One process per linter and document set, side by side: a busy 2-core machine still finishes in seconds.
    problems = (await Promise.all([spectral(files, join(folder, 'spectral.json')), redocly(files)])).flat();
  }, 120_000);

  afterAll(async () => {
    if (folder) rmSync(folder, { recursive: true, force: true });
    await t?.close();
  });

  it('reports no error on the served document', () => {
    const served = problems.filter((p) => p.document === 'served').map((p) => `${p.rule} at ${p.where}: ${p.message}`);
    expect(served).toEqual([]);
  });

  it('does report the errors of a broken copy (the rulesets really ran)', () => {
    const rules = new Set(problems.filter((p) => p.document === 'broken').map((p) => p.rule));
    expect([...rules]).toEqual(
      expect.arrayContaining([
        'parley-request-string-limit',
        'owasp:api4:2023-rate-limit-retry-after',
        'owasp:api2:2023-jwt-best-practices',
        'no-empty-servers',
        'operation-summary',
      ]),
    );
  });

  it('documents X-RateLimit-Remaining where it is sent, and only there', async () => {
    const user = await registerUser(t.http);
    const login = await t.http.post(`${API}/auth/login`).send({ login: user.username, password: user.password }).expect(200);
    expect(login.headers['x-ratelimit-remaining']).toMatch(/^\d+$/);
    expect(Object.keys(doc.paths[`${API}/auth/login`].post.responses['200'].headers)).toContain('X-RateLimit-Remaining');
    const me = await t.http.get(`${API}/users/me`).set(user.auth).expect(200);
    expect(me.headers['x-ratelimit-remaining']).toBeUndefined();
    expect(doc.paths[`${API}/users/me`].get.responses['200'].headers).toBeUndefined();
  });

  // A maxLength the document states is one the app enforces.
  describe('input bounds added for the linters are enforced', () => {
    it('`page` of the page-numbered lists', async () => {
      const page = doc.paths[`${API}/users`].get.parameters.find((p: Json) => p.name === 'page');
      expect(page.schema.maxLength).toBe(20);
      const user = await registerUser(t.http);
      // Zero-padded, the first page stays the first page up to the bound; past it the page is refused
      // unparsed, as every page that cannot be is (DRF's 404 "Invalid page.").
      await t.http
        .get(`${API}/users?page=${'1'.padStart(20, '0')}`)
        .set(user.auth)
        .expect(200);
      const res = await t.http
        .get(`${API}/users?page=${'1'.padStart(21, '0')}`)
        .set(user.auth)
        .expect(404);
      expect(res.body).toEqual({ detail: 'Invalid page.', code: 'not_found' });
    });

    it("a member's `muted_until`", async () => {
      const schema = doc.components.schemas.UpdateMemberRoleDto.properties.muted_until;
      expect(schema.maxLength).toBe(40);
      const [owner, member] = [await registerUser(t.http), await registerUser(t.http)];
      const room = await createRoom(t.http, owner, { name: 'Bounds', participants: [member.id] });
      const url = `${API}/rooms/${room.id}/members/${member.id}`;
      // ISO-8601 allows any number of digits in the fraction of a second.
      const time = (digits: number) => `2099-01-01T00:00:00.${'0'.repeat(digits)}Z`;
      await t.http
        .patch(url)
        .set(owner.auth)
        .send({ muted_until: time(3) })
        .expect(200);
      const res = await t.http
        .patch(url)
        .set(owner.auth)
        .send({ muted_until: time(200) })
        .expect(400);
      expect(Object.keys(res.body)).toEqual(['muted_until']);
    });
  });
});

/** The served document with the kinds of mistake the linters exist to catch. */
function broken(doc: Json): Json {
  const copy = structuredClone(doc);
  copy.servers = [];
  copy.components.securitySchemes.bearer.description = 'A JWT.';
  const [path, item] = Object.entries<Json>(copy.paths).find(([, i]) => i.post?.requestBody)!;
  item.post.summary = undefined;
  item.post.responses['429'] = {
    description: 'Throttled.',
    headers: { 'Access-Control-Allow-Origin': { schema: { type: 'string', maxLength: 10 } } },
  };
  item.post.parameters = [...(item.post.parameters ?? []), { name: 'unbounded', in: 'query', schema: { type: 'string' } }];
  copy.paths[path] = item;
  return copy;
}
