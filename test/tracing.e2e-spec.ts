import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ServerProcess, startServer } from './support/server-process';
import { ack, connect } from './support/sockets';
import { createTestDatabase } from './support/test-database';
import { ADMIN_ACCOUNT, registerUser } from './support/factories';
import { API, TEST_JWT_SECRET } from './support/test-app';

interface ExportedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: Record<string, unknown>;
}

/** An OTLP/HTTP collector stand-in: takes `POST /v1/traces` in the JSON encoding and keeps every span. */
class OtlpStandIn {
  spans: ExportedSpan[] = [];
  private server: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        if (req.url === '/v1/traces' && req.headers['content-type']?.startsWith('application/json')) this.take(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private take(body: {
    resourceSpans: {
      scopeSpans: { spans: (Omit<ExportedSpan, 'attributes'> & { attributes?: { key: string; value: Record<string, unknown> }[] })[] }[];
    }[];
  }) {
    for (const resource of body.resourceSpans)
      for (const scope of resource.scopeSpans)
        for (const span of scope.spans) {
          const attributes = Object.fromEntries((span.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]]));
          this.spans.push({ traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId || undefined, name: span.name, attributes });
        }
  }
}

/** Waits (bounded) until the stand-in holds a span that passes `match`. */
async function spanWhere(otlp: OtlpStandIn, match: (span: ExportedSpan) => boolean, ms = 15_000): Promise<ExportedSpan> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = otlp.spans.find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no such span among ${otlp.spans.length}: ${[...new Set(otlp.spans.map((s) => s.name))].join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');

describe('Traces (e2e): a real server exporting to an OTLP/HTTP stand-in', () => {
  let otlp: OtlpStandIn;
  let server: ServerProcess;
  let database: { url: string; drop(): Promise<void> };
  let dataDir: string;
  const hooks: { headers: IncomingHttpHeaders }[] = [];
  let hookServer: Server;

  beforeAll(async () => {
    otlp = await new OtlpStandIn().start();
    hookServer = createServer((req, res) => {
      hooks.push({ headers: req.headers });
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((resolve) => hookServer.listen(0, '127.0.0.1', resolve));
    database = await createTestDatabase();
    dataDir = mkdtempSync(join(tmpdir(), 'parley-tracing-'));
    server = await startServer({
      ...ADMIN_ACCOUNT,
      DATA_DIR: dataDir,
      DATABASE_URL: database.url,
      JWT_SECRET: TEST_JWT_SECRET,
      OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      WEBHOOK_ALLOW_PRIVATE: 'true',
      WEBHOOK_POLL_INTERVAL_MS: '50',
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    await otlp?.close();
    hookServer?.closeAllConnections();
    await new Promise((resolve) => hookServer?.close(resolve));
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("continues the client's trace over HTTP, with the request id and PostgreSQL children", async () => {
    const http = request(server.url);
    const traceId = hex(16);
    const parent = hex(8);
    const res = await http
      .post(`${API}/auth/register`)
      .set('traceparent', `00-${traceId}-${parent}-01`)
      .send({ username: `traced_${hex(3)}`, email: `traced_${hex(3)}@example.com`, password: 'a-good-password' })
      .expect(201);
    const root = await spanWhere(otlp, (s) => s.traceId === traceId && s.parentSpanId === parent);
    expect(root.attributes['http.request.method'] ?? root.attributes['http.method']).toBe('POST');
    const tagged = await spanWhere(otlp, (s) => s.traceId === traceId && s.attributes['parley.request_id'] !== undefined);
    expect(tagged.attributes['parley.request_id']).toBe(res.headers['x-request-id']);
    await spanWhere(
      otlp,
      (s) => s.traceId === traceId && (s.attributes['db.system'] === 'postgresql' || s.attributes['db.system.name'] === 'postgresql'),
    );
  });

  it('makes each socket event a span under the handshake traceparent, and passes a traceparent on to webhooks', async () => {
    const http = request(server.url);
    const alice = await registerUser(http);
    const login = await http
      .post(`${API}/auth/login`)
      .send({ login: ADMIN_ACCOUNT.ADMIN_USERNAME, password: ADMIN_ACCOUNT.ADMIN_PASSWORD })
      .expect(200);
    const hookUrl = `http://127.0.0.1:${(hookServer.address() as AddressInfo).port}/hooks`;
    await http
      .post(`${API}/admin/webhooks`)
      .set('Authorization', `Bearer ${login.body.access_token}`)
      .send({ url: hookUrl, event_types: ['message.created'] })
      .expect(201);
    const room = (await http.post(`${API}/rooms`).set(alice.auth).send({ room_type: 'GROUP' }).expect(201)).body as { id: string };

    const traceId = hex(16);
    const parent = hex(8);
    const socket = await connect(server.url, alice.access, { headers: { traceparent: `00-${traceId}-${parent}-01` } });
    try {
      await expect(ack(socket, 'message:send', { room_id: room.id, content: 'traced' })).resolves.toMatchObject({ ok: true });
      await expect(ack(socket, 'message:send', { room_id: 'nope', content: 'x' })).resolves.toMatchObject({ ok: false });
    } finally {
      socket.close();
    }
    const sent = await spanWhere(otlp, (s) => s.name === 'socket message:send' && s.attributes['parley.outcome'] === 'ok');
    expect(sent).toMatchObject({ traceId, parentSpanId: parent, attributes: { 'parley.socket.event': 'message:send' } });
    await spanWhere(otlp, (s) => s.name === 'socket message:send' && s.attributes['parley.outcome'] === 'validation_error' && s.traceId === traceId);

    const deliver = await spanWhere(otlp, (s) => s.name === 'webhooks deliver');
    const deadline = Date.now() + 10_000;
    while (hooks.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const traceparent = String(hooks[0]?.headers.traceparent ?? '');
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$/);
    expect(traceparent.split('-')[1]).toBe(deliver.traceId);
  });
});
