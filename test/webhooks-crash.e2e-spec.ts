import request from 'supertest';
import { createRoom, send } from './support/chat';
import { registerUser } from './support/factories';
import { ServerProcess, startServer } from './support/server-process';
import { eventually } from './support/sockets';
import { API, TEST_JWT_SECRET } from './support/test-app';
import { createTestDatabase, withClient } from './support/test-database';
import { WebhookReceiver } from './support/webhook-receiver';

/**
 * A real Parley process is killed with SIGKILL while a delivery is on the wire;
 * the outbox row survives it, and the restarted node sends it again (same
 * webhook-id) once the dead node's lease has run out. Nothing is lost.
 */
describe('Webhooks survive a killed node (e2e)', () => {
  let drop: () => Promise<void>;
  let databaseUrl: string;
  let node: ServerProcess | undefined;
  const receiver = new WebhookReceiver();
  const admin = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-admin-password', ADMIN_EMAIL: 'root@example.com' };
  const env = () => ({
    NODE_ENV: 'test',
    LOG_LEVEL: 'info', // startServer waits for the info-level "Listening" line
    DATABASE_URL: databaseUrl,
    JWT_SECRET: TEST_JWT_SECRET,
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_POLL_INTERVAL_MS: '50',
    WEBHOOK_RETRY_BASE_MS: '100',
    WEBHOOK_TIMEOUT: '1s', // lease: 2 x timeout + 1 s = 3 s
    ...admin,
  });

  beforeAll(async () => {
    const database = await createTestDatabase();
    drop = database.drop;
    databaseUrl = database.url;
    await receiver.start();
  });
  afterAll(async () => {
    if (node && node.process.exitCode === null && node.process.signalCode === null) await node.stop();
    await receiver.close();
    await drop();
  });

  it('redelivers what was in flight when the node died, with the same webhook-id', async () => {
    node = await startServer(env());
    const http = request(node.url);
    const login = await http.post(`${API}/auth/login`).send({ login: 'root', password: admin.ADMIN_PASSWORD }).expect(200);
    const endpoint = await http
      .post(`${API}/admin/webhooks`)
      .set('Authorization', `Bearer ${login.body.access_token}`)
      .send({ url: receiver.url, event_types: ['message.created'] })
      .expect(201);
    receiver.secret = endpoint.body.secret;
    receiver.mode = 'hang';
    const alice = await registerUser(http);
    const room = await createRoom(http, alice);
    const message = await send(http, alice, room.id, 'in flight');

    await eventually(() => expect(receiver.attempts.length).toBeGreaterThanOrEqual(2), 30000); // "created" + ours, on the wire
    const inFlight = [...receiver.attempts];
    await node.stop('SIGKILL');
    receiver.mode = 'up';

    node = await startServer(env());
    await eventually(() => expect(receiver.accepted.filter((r) => r.data.type === 'text')).toHaveLength(1), 30000);
    const delivered = receiver.accepted.find((r) => r.data.type === 'text')!;
    expect(delivered.data.id).toBe(message.id);
    expect(inFlight).toContain(delivered.id);
    // Each delivery once: on a slow machine a hung attempt may time out and be tried again before the kill,
    // so the attempts on the wire can name one delivery twice.
    await eventually(() => expect(receiver.accepted).toHaveLength(new Set(inFlight).size), 5000);
    // The worker settles its batch after the receiver has answered: poll the outbox (bounded) until it has.
    const statuses = () =>
      withClient(databaseUrl, async (c) => (await c.query(`SELECT DISTINCT status FROM webhook_deliveries`)).rows.map((r) => r.status));
    let seen: string[] = await statuses();
    for (let i = 0; i < 100 && seen.join() !== 'delivered'; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      seen = await statuses();
    }
    expect(seen).toEqual(['delivered']);
    expect(receiver.badSignatures).toBe(0);
  }, 180_000); // two process boots from source, a lease to run out
});
