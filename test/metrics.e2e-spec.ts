import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { parse as parseYaml } from 'yaml';
import { MetricsService } from '../src/operations/metrics/metrics.service';
import { createRoom } from './support/chat';
import { ADMIN_ACCOUNT, loginAdmin, registerUser } from './support/factories';
import { ack, connect, eventually } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';

const TOKEN = 'metrics-token-0123456789abcdef';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const redisUrl = process.env.REDIS_URL;

/** The metric names docs/operations.md's "Metrics" table documents. */
function documentedMetrics(): string[] {
  const doc = readFileSync(join(process.cwd(), 'docs/operations.md'), 'utf8');
  const section = doc.slice(doc.indexOf('## Metrics'), doc.indexOf('\n## ', doc.indexOf('## Metrics') + 1));
  return [...section.matchAll(/^\| `([a-z_]+)` \| (?:histogram|gauge|counter) \|/gm)].map((m) => m[1]);
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The exposition text's families (from `# TYPE`) and samples. */
function parseExposition(text: string): { families: Map<string, string>; samples: Sample[] } {
  const families = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const type = /^# TYPE (\S+) (\S+)$/.exec(line);
    if (type) families.set(type[1], type[2]);
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) continue;
    const labels = Object.fromEntries([...(sample[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    samples.push({ name: sample[1], labels, value: Number(sample[3]) });
  }
  return { families, samples };
}

/** A family with at least one sample (a histogram's show as `_bucket`, `_sum`, `_count`). */
const hasSamples = (samples: Sample[], family: string) =>
  samples.some((s) => s.name === family || s.name === `${family}_bucket` || s.name === `${family}_count` || s.name === `${family}_total`);

/** Metric names an alert or dashboard expression uses (Parley's and the default Node ones). */
const namesIn = (expr: string) => [...expr.matchAll(/\b((?:parley|nodejs|process)_[a-z_]+)\b/g)].map((m) => m[1].replace(/_(bucket|count|sum)$/, ''));

/** No metrics in the answer: a 404, or the web app's page when it is built (any GET outside the API is one of its pages). */
function expectNoExposition(res: { text: string; headers: Record<string, string> }) {
  expect(res.text).not.toMatch(/^# (HELP|TYPE) /m);
  expect(res.headers['content-type']).not.toMatch(/^text\/plain/);
}

describe('Metrics (e2e)', () => {
  describe('without METRICS_PORT or METRICS_TOKEN', () => {
    let t: TestApp;
    // First: an unset setting falls back to process.env, where @nestjs/config leaves the later apps' settings.
    beforeAll(async () => (t = await startTestApp({})));
    afterAll(() => t?.close());

    it('serves nothing and records nothing', async () => {
      expectNoExposition(await t.http.get('/metrics'));
      expect(t.app.get(MetricsService).metrics).toBeNull();
    });
  });

  describe('with METRICS_TOKEN on the app port, after a short load', () => {
    let t: TestApp;
    let receiver: WebhookReceiver;
    let scrape: ReturnType<typeof parseExposition>;

    beforeAll(async () => {
      if (!redisUrl) console.log('parley_redis_connected is not checked: REDIS_URL is not set');
      t = await startTestApp({
        ...ADMIN_ACCOUNT,
        METRICS_TOKEN: TOKEN,
        WEBHOOK_ALLOW_PRIVATE: 'true',
        WEBHOOK_POLL_INTERVAL_MS: '50',
        ...(redisUrl ? { REDIS_URL: redisUrl } : {}),
      });
      receiver = await new WebhookReceiver().start();
      const admin = await loginAdmin(t.http);
      const endpoint = await t.http
        .post(`${API}/admin/webhooks`)
        .set(admin)
        .send({ url: receiver.url, event_types: ['message.created'] })
        .expect(201);
      receiver.secret = endpoint.body.secret;

      const alice = await registerUser(t.http);
      const room = await createRoom(t.http, alice);
      await t.http.get(`${API}/rooms/${room.id}`).set(alice.auth).expect(200);
      await t.http.get(`${API}/rooms/00000000-0000-4000-8000-000000000000`).set(alice.auth).expect(404);
      await t.http.get(`${API}/no/such/page/11111111-1111-4111-8111-111111111111`).expect(404);
      await t.http.post('/no/such/page/11111111-1111-4111-8111-111111111111').expect(404);
      const socket = await connect(t.baseUrl, alice.access);
      try {
        await expect(ack(socket, 'room:join', { room_id: room.id })).resolves.toMatchObject({ ok: true });
        await expect(ack(socket, 'message:send', { room_id: room.id, content: 'measured' })).resolves.toMatchObject({ ok: true });
        await expect(ack(socket, 'message:send', { room_id: 'not-a-uuid', content: 'x' })).resolves.toMatchObject({ ok: false });
        await eventually(() => expect(receiver.ofType('message.created')).toHaveLength(1), 10_000);
        // The attempt is counted once the worker has settled its batch, just after the receiver answered.
        for (let i = 0; i < 100; i += 1) {
          scrape = parseExposition((await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200)).text);
          if (hasSamples(scrape.samples, 'parley_webhook_attempts_total')) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      } finally {
        socket.close();
      }
    });
    afterAll(async () => {
      await t?.close();
      await receiver?.close();
    });

    it('has every documented metric', () => {
      // Redis links only with Redis; replica lag only with DATABASE_REPLICA_URLS (test/read-replicas.e2e-spec.ts).
      const documented = documentedMetrics().filter(
        (name) => (redisUrl || name !== 'parley_redis_connected') && name !== 'parley_db_replica_lag_seconds',
      );
      expect(documented.length).toBeGreaterThanOrEqual(15);
      expect(documented.filter((name) => !hasSamples(scrape.samples, name))).toEqual([]);
    });

    it('documents every parley_ metric it exposes', () => {
      const documented = new Set(documentedMetrics());
      expect([...scrape.families.keys()].filter((name) => name.startsWith('parley_') && !documented.has(name))).toEqual([]);
    });

    it('labels by route template, event and outcome, never by an id', () => {
      const labelValues = scrape.samples.flatMap((s) => Object.values(s.labels));
      expect(labelValues.filter((v) => UUID.test(v))).toEqual([]);
      const http = scrape.samples.filter((s) => s.name === 'parley_http_request_duration_seconds_count');
      expect(http).toEqual(
        expect.arrayContaining([expect.objectContaining({ labels: { method: 'GET', route: '/api/v1/rooms/:id', status: '200' } })]),
      );
      // An unknown API path has the API's catch-all template; a path nothing routes is `unmatched`.
      expect(http.find((s) => s.labels.status === '404' && s.labels.route === '/api/v1*path')).toBeDefined();
      expect(http.find((s) => s.labels.status === '404' && s.labels.route === 'unmatched')).toBeDefined();
      const events = scrape.samples.filter((s) => s.name === 'parley_socket_event_duration_seconds_count');
      expect(events.find((s) => s.labels.event === 'message:send' && s.labels.outcome === 'ok')?.value).toBe(1);
      expect(events.find((s) => s.labels.event === 'message:send' && s.labels.outcome === 'validation_error')?.value).toBe(1);
      // At least this spec's delivery: the worker drains every due delivery in the database, and the
      // e2e files share one, so another file's deliveries may be counted here too.
      const attempts = scrape.samples.find((s) => s.name === 'parley_webhook_attempts_total' && s.labels.outcome === 'delivered');
      expect(attempts?.value).toBeGreaterThanOrEqual(1);
    });

    it('counts sockets, pools and outboxes', () => {
      const value = (name: string, labels: Record<string, string> = {}) =>
        scrape.samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
      expect(value('parley_connected_sockets')).toBe(1);
      expect(value('parley_connected_users')).toBe(1);
      expect(value('parley_db_pool_connections', { pool: 'main', state: 'total' })).toBeGreaterThan(0);
      expect(value('parley_db_pool_connections', { pool: 'generic', state: 'total' })).toBeGreaterThan(0);
      expect(value('parley_outbox_pending', { outbox: 'notifications' })).toBeGreaterThanOrEqual(0);
      expect(value('parley_message_batch_size_messages_count')).toBeGreaterThanOrEqual(1);
      if (redisUrl) expect(value('parley_redis_connected', { link: 'adapter' })).toBe(1);
    });

    it('answers 401 without the token or with another one', async () => {
      const none = await t.http.get('/metrics').expect(401);
      expect(none.body).toMatchObject({ code: 'not_authenticated' });
      expect(none.headers['www-authenticate']).toMatch(/^Bearer/);
      await t.http
        .get('/metrics')
        .set('Authorization', `Bearer ${TOKEN.slice(1)}x`)
        .expect(401);
      await t.http.get('/metrics').set('Authorization', 'Basic Zm9vOmJhcg==').expect(401);
    });

    it('alert rules and the dashboard use only metrics the app exposes', () => {
      const exposed = (name: string) => scrape.families.has(name) || hasSamples(scrape.samples, name);
      const rules = parseYaml(readFileSync(join(process.cwd(), 'deploy/prometheus/parley-alerts.yml'), 'utf8')) as {
        groups: { rules: { alert: string; expr: string }[] }[];
      };
      const ruleNames = rules.groups.flatMap((g) => g.rules.flatMap((r) => namesIn(r.expr)));
      const dashboard = JSON.parse(readFileSync(join(process.cwd(), 'deploy/grafana/parley-dashboard.json'), 'utf8')) as {
        panels: { targets?: { expr: string }[] }[];
      };
      const panelNames = dashboard.panels.flatMap((p) => (p.targets ?? []).flatMap((target) => namesIn(target.expr)));
      expect(ruleNames.length).toBeGreaterThan(5);
      expect(panelNames.length).toBeGreaterThan(10);
      expect([...new Set([...ruleNames, ...panelNames])].filter((name) => !exposed(name))).toEqual([]);
    });
  });

  describe('with METRICS_PORT', () => {
    let t: TestApp;
    let metrics: ReturnType<typeof request>;
    beforeAll(async () => {
      t = await startTestApp({ METRICS_PORT: '0', METRICS_HOST: '127.0.0.1', METRICS_TOKEN: TOKEN });
      const address = t.app.get(MetricsService).address!;
      metrics = request(`http://127.0.0.1:${address.port}`);
    });
    afterAll(() => t?.close());

    it('serves them on their own listener only, still behind the token when one is set', async () => {
      await metrics.get('/metrics').expect(401);
      const res = await metrics.get('/metrics').set('Authorization', `Bearer ${TOKEN}`).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(res.text).toMatch(/^# HELP parley_/m);
      await metrics.get('/other').expect(404);
      await metrics.post('/metrics').expect(404);
      expectNoExposition(await t.http.get('/metrics').set('Authorization', `Bearer ${TOKEN}`));
    });
  });

  it('promtool accepts the alert rules', () => {
    const found = spawnSync('promtool', ['--version']);
    if (found.error) {
      console.log(`promtool check rules skipped: promtool is not installed (${found.error.message}); apt-get install prometheus`);
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), 'parley-rules-'));
    try {
      const rules = readFileSync(join(process.cwd(), 'deploy/prometheus/parley-alerts.yml'), 'utf8');
      writeFileSync(join(dir, 'rules.yml'), rules);
      const out = execFileSync('promtool', ['check', 'rules', join(dir, 'rules.yml')], { encoding: 'utf8' });
      expect(out).toMatch(/SUCCESS: \d+ rules found/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
