import { createServer } from 'node:http';
import { Client } from 'pg';
import { createApp } from '../src/app.factory';
import { WebhookWorker } from '../src/platform/webhooks/webhook-worker';

// Webhook delivery rate of one node: N deliveries queued in the outbox (default 5000, 200-byte
// payloads), drained by WebhookWorker to a local receiver answering 204 (signing, HTTP,
// settling included). Needs a PostgreSQL server:
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres N=20000 node -r ts-node/register/transpile-only bench/webhook-drain.ts
void (async () => {
  const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `whbench_${Date.now()}`;
  const c = new Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const target = new URL(admin);
  target.pathname = `/${name}`;
  const url = target.toString();
  let received = 0;
  const sink = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => sink.listen(0, '127.0.0.1', r));
  const app = await createApp({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: url,
    JWT_SECRET: 'x'.repeat(40),
    WEBHOOK_WORKER: 'false',
    WEBHOOK_ALLOW_PRIVATE: 'true',
  });
  await app.init();
  const db = new Client({ connectionString: url });
  await db.connect();
  const port = (sink.address() as { port: number }).port;
  await db.query(`INSERT INTO webhook_endpoints (id, url, secret) VALUES (gen_random_uuid(), $1, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')`, [
    `http://127.0.0.1:${port}/h`,
  ]);
  const N = Number(process.env.N ?? 5000);
  await db.query(
    `INSERT INTO webhook_deliveries (id, endpoint_id, event_type, payload)
    SELECT webhook_uuid7(), e.id, 'message.created', jsonb_build_object('type','message.created','data', jsonb_build_object('content', repeat('x', 200), 'n', g))
      FROM webhook_endpoints e, generate_series(1, $1) g`,
    [N],
  );
  const worker = app.get(WebhookWorker, { strict: false });
  const t0 = performance.now();
  while ((await worker.drainOnce()) > 0) {
    /* drain */
  }
  const s = (performance.now() - t0) / 1000;
  console.log(`drained ${received} of ${N} in ${s.toFixed(2)} s: ${Math.round(received / s)} deliveries/s`);
  await db.end();
  await app.close();
  sink.close();
  const c2 = new Client({ connectionString: admin });
  await c2.connect();
  await c2.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await c2.end();
  process.exit(0);
})();
