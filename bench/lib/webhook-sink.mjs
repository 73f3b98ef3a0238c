// BENCH_WEBHOOKS=1: Parley runs with a webhook endpoint subscribed to message.created,
// pointing at this local receiver (204 to everything), so the send path is measured
// with its outbox trigger firing. After the run, the backlog's drain gives the
// delivery rate the worker sustains. BENCH_WEBHOOK_WORKER=false: the outbox is written
// but nothing delivers during the run (the trigger's cost alone).
import { createServer } from 'node:http';
import { withClient } from './seed.mjs';

export const webhooksWanted = () => process.env.BENCH_WEBHOOKS === '1';

export async function startWebhookSink(databaseUrl) {
  let received = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      res.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/hooks`;
  return {
    env: { WEBHOOK_ALLOW_PRIVATE: 'true', WEBHOOK_POLL_INTERVAL_MS: '100', WEBHOOK_WORKER: process.env.BENCH_WEBHOOK_WORKER ?? 'true' },
    /** Once Parley has migrated its database: the endpoint, subscribed to message.created. */
    subscribe: () =>
      withClient(databaseUrl, (db) =>
        db.query(
          `INSERT INTO webhook_endpoints (id, url, event_types, enabled, secret)
           VALUES (gen_random_uuid(), $1, '{message.created}', true, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')`,
          [url],
        ),
      ),
    received: () => received,
    /** Waits for the outbox to drain (bounded): deliveries per second while draining. */
    async drain(progress, timeoutMs = 120_000) {
      const pending = async () =>
        withClient(databaseUrl, async (db) =>
          Number((await db.query(`SELECT count(*) FROM webhook_deliveries WHERE status = 'pending'`)).rows[0].count),
        );
      if (process.env.BENCH_WEBHOOK_WORKER === 'false') {
        const queued = await withClient(databaseUrl, async (db) => Number((await db.query(`SELECT count(*) FROM webhook_deliveries`)).rows[0].count));
        progress(`webhooks: ${queued} queued in the outbox (no worker)`);
        return { queued };
      }
      const start = { at: performance.now(), received };
      const deadline = Date.now() + timeoutMs;
      let left = await pending();
      while (left > 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        left = await pending();
      }
      const seconds = (performance.now() - start.at) / 1000;
      const rate = seconds > 0 ? Math.round((received - start.received) / seconds) : null;
      progress(`webhooks: ${received} delivered, backlog drained at ${rate} deliveries/s (${left} left)`);
      return { delivered: received, drainRate: rate, left };
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
