import { createRoom, send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ack, connect, eventually } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';
import { WebhookReceiver } from './support/webhook-receiver';
import { withClient } from './support/test-database';
import { WebhooksRepository } from '../src/platform/webhooks/store/webhooks.repository';
import { WebhookWorker } from '../src/platform/webhooks/webhook-worker';
import { OrganizationScope } from '../src/core/database/organization-scope';

const ADMIN = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-admin-password', ADMIN_EMAIL: 'root@example.com' };
const FAST = {
  WEBHOOK_ALLOW_PRIVATE: 'true', // the receiver is on loopback
  WEBHOOK_POLL_INTERVAL_MS: '50',
  WEBHOOK_RETRY_BASE_MS: '100',
  WEBHOOK_MAX_ATTEMPTS: '4', // 100 ms, 400 ms, 1.6 s, then it gives up
  WEBHOOK_TIMEOUT: '2s',
};

/** `eventually` for async checks: the worker settles a batch just after the receiver has answered. */
async function settled(check: () => Promise<void>, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function adminAuth(t: TestApp): Promise<{ Authorization: string }> {
  const login = await t.http.post(`${API}/auth/login`).send({ login: 'root', password: ADMIN.ADMIN_PASSWORD }).expect(200);
  return { Authorization: `Bearer ${login.body.access_token}` };
}

describe('Webhooks (e2e)', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let alice: TestUser;
  let bob: TestUser;
  const receivers: WebhookReceiver[] = [];

  /** A receiver and an endpoint pointing at it (all events unless `eventTypes`). */
  const subscribe = async (eventTypes?: string[]) => {
    const receiver = await new WebhookReceiver().start();
    receivers.push(receiver);
    const res = await t.http.post(`${API}/admin/webhooks`).set(admin).send({ url: receiver.url, event_types: eventTypes }).expect(201);
    receiver.secret = res.body.secret;
    return { receiver, endpoint: res.body as { id: string; secret: string } };
  };
  const disable = (id: string) => t.http.patch(`${API}/admin/webhooks/${id}`).set(admin).send({ enabled: false }).expect(200);

  beforeAll(async () => {
    t = await startTestApp({ ...ADMIN, ...FAST });
    admin = await adminAuth(t);
    alice = await registerUser(t.http, { display_name: 'Alice' });
    bob = await registerUser(t.http, { display_name: 'Bob' });
  });
  afterAll(async () => {
    await t.close();
    for (const r of receivers) await r.close();
  });

  describe('endpoints (admin)', () => {
    it('creates with a whsec_ secret shown on create and rotate only; lists, reads, updates, deletes', async () => {
      const created = await t.http
        .post(`${API}/admin/webhooks`)
        .set(admin)
        .send({ url: 'http://127.0.0.1:9/x', event_types: ['message.created'] })
        .expect(201);
      expect(created.body).toMatchObject({ url: 'http://127.0.0.1:9/x', event_types: ['message.created'], enabled: true, failing_since: null });
      expect(created.body.secret).toMatch(/^whsec_/);
      const list = await t.http.get(`${API}/admin/webhooks`).set(admin).expect(200);
      expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
      const rotated = await t.http.post(`${API}/admin/webhooks/${created.body.id}/rotate-secret`).set(admin).expect(200);
      expect(rotated.body.secret).not.toBe(created.body.secret);
      const patched = await t.http.patch(`${API}/admin/webhooks/${created.body.id}`).set(admin).send({ enabled: false, event_types: [] }).expect(200);
      expect(patched.body).toMatchObject({ enabled: false, event_types: [] });
      await t.http.delete(`${API}/admin/webhooks/${created.body.id}`).set(admin).expect(204);
      await t.http.get(`${API}/admin/webhooks/${created.body.id}`).set(admin).expect(404);
      const audit = await t.http.get(`${API}/admin/audit`).set(admin).expect(200);
      const actions = audit.body.results
        .filter((e: { target_id: string }) => e.target_id === created.body.id)
        .map((e: { action: string }) => e.action);
      expect(actions).toEqual(['webhook.deleted', 'webhook.updated', 'webhook.secret_rotated', 'webhook.created']);
      expect(JSON.stringify(audit.body)).not.toContain('whsec_');
    });

    it('is for global admins: 401 without a token, 403 for users', async () => {
      await t.http.get(`${API}/admin/webhooks`).expect(401);
      await t.http.get(`${API}/admin/webhooks`).set(alice.auth).expect(403);
      await t.http.post(`${API}/admin/webhooks`).set(alice.auth).send({ url: 'http://127.0.0.1:9/' }).expect(403);
    });

    it('rejects bad bodies and ids with 400, unknown ids with 404', async () => {
      for (const body of [
        {},
        { url: 'ftp://x.example/' },
        { url: 'not a url' },
        { url: 'http://127.0.0.1:9/', event_types: ['everything'] },
        { url: 5 },
        { url: 'http://127.0.0.1:9/', enabled: 'yes' },
        { url: `http://x.example/${'a'.repeat(2100)}` },
      ]) {
        await t.http.post(`${API}/admin/webhooks`).set(admin).send(body).expect(400);
      }
      await t.http.get(`${API}/admin/webhooks/nope`).set(admin).expect(400);
      const missing = '0190a0a0-0000-7000-8000-000000000000';
      await t.http.get(`${API}/admin/webhooks/${missing}`).set(admin).expect(404);
      await t.http.post(`${API}/admin/webhooks/${missing}/test`).set(admin).expect(404);
      await t.http.get(`${API}/admin/webhooks/${missing}/deliveries`).set(admin).expect(404);
      await t.http.post(`${API}/admin/webhooks/${missing}/deliveries/${missing}/redeliver`).set(admin).expect(404);
    });
  });

  it("delivers signed events for REST and socket changes, in the socket events' shapes", async () => {
    const { receiver, endpoint } = await subscribe();
    // Each change's webhook is awaited before the next change: a body shows the state right after its commit (as the
    // socket payload of that moment does), so a change made within the same milliseconds could show in it too.
    const arrived = (type: string, n = 1) => eventually(() => expect(receiver.ofType(type).length).toBeGreaterThanOrEqual(n), 10000);
    const room = await createRoom(t.http, alice, { name: 'Hooks', participants: [] });
    await arrived('room.created');
    const viaRest = await send(t.http, alice, room.id, 'over REST');
    const socket = await connect(t.baseUrl, alice.access);
    const viaSocket = await ack<{ id: string }>(socket, 'message:send', { room_id: room.id, content: 'over the socket' });
    socket.close();
    await eventually(
      () => expect(receiver.ofType('message.created').filter((r) => r.data.room_id === room.id && r.data.type === 'text')).toHaveLength(2),
      10000,
    );
    await t.http.patch(`${API}/rooms/${room.id}/messages/${viaRest.id}`).set(alice.auth).send({ content: 'edited' }).expect(200);
    await arrived('message.updated');
    await t.http.delete(`${API}/rooms/${room.id}/messages/${viaSocket.data!.id}`).set(alice.auth).expect(204);
    await arrived('message.deleted');
    await t.http.post(`${API}/rooms/${room.id}/invitations`).set(alice.auth).send({ user_id: bob.id }).expect(201);
    await arrived('invitation.created');
    await t.http.patch(`${API}/rooms/${room.id}`).set(alice.auth).send({ name: 'Hooks 2' }).expect(200);
    await eventually(() => expect(receiver.ofType('room.updated').map((r) => r.data.name)).toContain('Hooks 2'), 10000);
    await t.http.delete(`${API}/rooms/${room.id}`).set(alice.auth).expect(204);

    await eventually(() => expect(receiver.ofType('room.deleted')).toHaveLength(1), 10000);
    expect(receiver.badSignatures).toBe(0);
    expect(receiver.ofType('room.created')[0].data).toMatchObject({ id: room.id, name: 'Hooks', room_type: 'GROUP' });
    expect(receiver.ofType('member.joined')[0].data).toMatchObject({ room_id: room.id, member: { role: 'owner', user: { id: alice.id } } });
    const created = receiver.ofType('message.created').filter((r) => r.data.room_id === room.id && r.data.type === 'text');
    expect(created.map((r) => r.data.content)).toEqual(['over REST', 'over the socket']);
    expect(created[0].data).toMatchObject({ id: viaRest.id, seq: viaRest.seq, sender: { id: alice.id, username: alice.username }, deleted: false });
    expect(receiver.ofType('message.updated')[0].data).toMatchObject({ id: viaRest.id, content: 'edited', edited_at: expect.any(String) });
    expect(receiver.ofType('message.deleted')[0].data).toMatchObject({ id: viaSocket.data!.id, deleted: true, content: '' });
    expect(receiver.ofType('invitation.created')[0].data).toMatchObject({
      room_id: room.id,
      room: { id: room.id },
      invitee: { id: bob.id },
      status: 'pending',
    });
    expect(receiver.ofType('room.updated').map((r) => r.data.name)).toContain('Hooks 2');
    expect(receiver.ofType('room.deleted')[0].data).toEqual({ room_id: room.id, external_id: null });
    expect(receiver.ofType('member.left')).toHaveLength(0); // members going with their room are not "left"
    expect(new Set(receiver.accepted.map((r) => r.id)).size).toBe(receiver.accepted.length);
    await disable(endpoint.id);
  });

  it('sends only the subscribed event types', async () => {
    const { receiver, endpoint } = await subscribe(['member.left']);
    const room = await createRoom(t.http, alice, { participants: [bob.id] });
    await send(t.http, bob, room.id, 'not wanted');
    await t.http.post(`${API}/rooms/${room.id}/leave`).set(bob.auth).expect(204);
    await eventually(() => expect(receiver.accepted).toHaveLength(1), 5000);
    expect(receiver.accepted[0]).toMatchObject({ type: 'member.left', data: { room_id: room.id, member: { user: { id: bob.id } } } });
    await disable(endpoint.id);
  });

  it('gets every event exactly once per webhook-id after the receiver was down for a while', async () => {
    const { receiver, endpoint } = await subscribe(['message.created']);
    receiver.mode = 'down';
    const room = await createRoom(t.http, alice);
    const sent = [];
    for (let i = 0; i < 5; i += 1) sent.push(await send(t.http, alice, room.id, `while down ${i}`));
    await eventually(() => expect(receiver.attempts.length).toBeGreaterThanOrEqual(12), 5000); // each tried at least twice (+ the created message)
    receiver.mode = 'up';
    await eventually(() => expect(receiver.accepted.filter((r) => r.data.type === 'text')).toHaveLength(5), 10000);
    const ids = receiver.accepted.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      receiver.accepted
        .filter((r) => r.data.type === 'text')
        .map((r) => r.data.id)
        .sort(),
    ).toEqual(sent.map((m) => m.id).sort());
    for (const id of ids) expect(receiver.attempts.filter((a) => a === id).length).toBeGreaterThanOrEqual(2); // same id on every attempt
    await settled(async () => {
      const log = await t.http.get(`${API}/admin/webhooks/${endpoint.id}/deliveries`).set(admin).expect(200);
      expect(log.body.results.every((d: { status: string; attempts: number }) => d.status === 'delivered' && d.attempts >= 2)).toBe(true);
    });
    await disable(endpoint.id);
  });

  it('marks the endpoint failing after the last retry, says why, and replays on request', async () => {
    const { receiver, endpoint } = await subscribe(['message.created']);
    receiver.mode = 'down';
    const room = await createRoom(t.http, alice);
    await send(t.http, alice, room.id, 'doomed');
    let failing: { failing_since: string | null; failure_reason: string | null } = { failing_since: null, failure_reason: null };
    for (let i = 0; i < 100 && !failing.failing_since; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100)); // polled: the retries take ~2 s by design
      failing = (await t.http.get(`${API}/admin/webhooks/${endpoint.id}`).set(admin).expect(200)).body;
    }
    expect(failing.failure_reason).toMatch(/gave up after 4 attempts: HTTP 503/);
    const failed = await t.http.get(`${API}/admin/webhooks/${endpoint.id}/deliveries`).query({ status: 'failed' }).set(admin).expect(200);
    expect(failed.body.results[0]).toMatchObject({
      status: 'failed',
      attempts: 4,
      last_status_code: 503,
      last_error: 'HTTP 503',
      next_attempt_at: null,
    });

    receiver.mode = 'up';
    const replay = await t.http.post(`${API}/admin/webhooks/${endpoint.id}/replay`).set(admin).expect(202);
    expect(replay.body.requeued).toBeGreaterThanOrEqual(1);
    await eventually(() => expect(receiver.accepted.some((r) => r.data.content === 'doomed')).toBe(true), 5000);
    await settled(async () => {
      const healthy = await t.http.get(`${API}/admin/webhooks/${endpoint.id}`).set(admin).expect(200);
      expect(healthy.body).toMatchObject({ failing_since: null, failure_reason: null });
    });
    await disable(endpoint.id);
  });

  it('pings, redelivers by hand with the same webhook-id, and pages the log by keyset', async () => {
    const { receiver, endpoint } = await subscribe(['room.created']);
    const ping = await t.http.post(`${API}/admin/webhooks/${endpoint.id}/test`).set(admin).expect(202);
    expect(ping.body).toMatchObject({ event_type: 'webhook.test', status: 'pending' });
    await eventually(() => expect(receiver.ofType('webhook.test')).toHaveLength(1), 5000);
    await t.http.post(`${API}/admin/webhooks/${endpoint.id}/deliveries/${ping.body.id}/redeliver`).set(admin).expect(202);
    await eventually(() => expect(receiver.ofType('webhook.test')).toHaveLength(2), 5000);
    expect(receiver.ofType('webhook.test').map((r) => r.id)).toEqual([ping.body.id, ping.body.id]);

    for (let i = 0; i < 3; i += 1) await createRoom(t.http, alice);
    await eventually(() => expect(receiver.ofType('room.created')).toHaveLength(3), 5000);
    const first = await t.http.get(`${API}/admin/webhooks/${endpoint.id}/deliveries`).query({ limit: 2 }).set(admin).expect(200);
    expect(first.body.results).toHaveLength(2);
    const next = new URL(first.body.next);
    const second = await t.http.get(`${next.pathname}${next.search}`).set(admin).expect(200);
    const all = [...first.body.results, ...second.body.results].map((d: { id: string }) => d.id);
    expect(all).toHaveLength(4);
    expect(new Set(all).size).toBe(4);
    await t.http.get(`${API}/admin/webhooks/${endpoint.id}/deliveries`).query({ limit: 0 }).set(admin).expect(400);
    await t.http.get(`${API}/admin/webhooks/${endpoint.id}/deliveries`).query({ before: 'x' }).set(admin).expect(400);
    await disable(endpoint.id);
  });

  it('drops settled deliveries from the log after the retention, never pending ones', async () => {
    const { receiver, endpoint } = await subscribe(['message.created']);
    receiver.mode = 'down';
    await send(t.http, alice, (await createRoom(t.http, alice)).id, 'still pending');
    const counts = () =>
      withClient(t.databaseUrl, async (c) =>
        Object.fromEntries(
          (await c.query(`SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status`)).rows.map((r) => [r.status, r.n]),
        ),
      );
    const before = await counts();
    expect(before.delivered).toBeGreaterThan(0);
    // The worker may settle other endpoints' deliveries meanwhile: judge the rows as they were before the purge.
    const rows = () =>
      withClient(t.databaseUrl, async (c) => (await c.query(`SELECT id, status FROM webhook_deliveries`)).rows as { id: string; status: string }[]);
    const beforePurge = await rows();
    // The worker purges in system scope (every organization's log): so does this direct call.
    await OrganizationScope.runAsSystem(() => t.app.get(WebhooksRepository).purgeSettled(0, 100000));
    const left = new Set((await rows()).map((r) => r.id));
    expect(beforePurge.filter((r) => r.status !== 'pending' && left.has(r.id))).toEqual([]);
    expect(beforePurge.filter((r) => r.status === 'pending' && !left.has(r.id))).toEqual([]);
    await disable(endpoint.id);
  });

  it('renders a body at the first attempt: a member event from the membership at the event, a room gone by then as deleted', async () => {
    const late = await startTestApp({ ...ADMIN, ...FAST, WEBHOOK_WORKER: 'false' }); // nothing is sent until drained below
    const receiver = await new WebhookReceiver().start();
    receivers.push(receiver);
    try {
      const auth = await adminAuth(late);
      const res = await late.http
        .post(`${API}/admin/webhooks`)
        .set(auth)
        .send({ url: receiver.url, event_types: ['member.joined', 'member.left', 'room.created'] })
        .expect(201);
      receiver.secret = res.body.secret;
      const [carol, dave] = [await registerUser(late.http), await registerUser(late.http)];
      const room = await createRoom(late.http, carol, { participants: [dave.id] });
      await late.http.post(`${API}/rooms/${room.id}/leave`).set(dave.auth).expect(204);
      const doomed = await createRoom(late.http, carol);
      await late.http.delete(`${API}/rooms/${doomed.id}`).set(carol.auth).expect(204);

      await late.app.get(WebhookWorker).drainOnce();
      const member = {
        user: expect.objectContaining({ id: dave.id, online: false }),
        role: 'member',
        online: false,
        last_read_seq: expect.any(Number),
      };
      const ofDave = (type: string) => receiver.ofType(type).find((r) => (r.data.member as { user: { id: string } }).user.id === dave.id)?.data;
      expect(ofDave('member.joined')).toEqual({ room_id: room.id, member: expect.objectContaining(member) });
      expect(ofDave('member.left')).toEqual({ room_id: room.id, member: expect.objectContaining(member), reason: 'left' });
      expect(JSON.stringify(receiver.accepted)).not.toContain('email');
      expect(receiver.ofType('room.created').find((r) => r.data.id === doomed.id)?.data).toEqual({ id: doomed.id, deleted: true });
      expect(receiver.badSignatures).toBe(0);
    } finally {
      await late.close();
    }
  });

  it('refuses a target that is not a public unicast address without WEBHOOK_ALLOW_PRIVATE, naming the field', async () => {
    // Explicit: @nestjs/config copies an earlier app's settings into process.env.
    const strict = await startTestApp({ ...ADMIN, WEBHOOK_ALLOW_PRIVATE: 'false' });
    const refused = [
      ['http://127.0.0.1:8080/x', /127\.0\.0\.1 \(loopback\)/],
      ['http://localhost/x', /localhost resolves to .*\(loopback\)/],
      ['http://10.1.2.3/x', /\(private\)/],
      ['http://169.254.169.254/latest', /\(linkLocal\)/],
      ['http://100.64.0.1/', /\(carrierGradeNat\)/],
      ['http://[::1]/x', /0\.0\.0\.1 \(unspecified\)/],
      ['http://192.168.1.1/', /\(private\)/],
      // Issue 24: IPv4-compatible, IPv4-translated, 6to4 of loopback, site-local.
      ['http://[::127.0.0.1]/', /IPv4-compatible.*127\.0\.0\.1 \(loopback\)/],
      ['http://[::ffff:0:127.0.0.1]/', /IPv4-translated.*127\.0\.0\.1 \(loopback\)/],
      ['http://[2002:7f00:1::]/', /\(6to4\)/],
      ['http://[fec0::1]/', /\(deprecatedSiteLocal\)/],
      ['http://[::ffff:127.0.0.1]/', /IPv4-mapped.*\(loopback\)/],
      ['http://[64:ff9b::10.0.0.1]/', /NAT64.*\(private\)/],
      ['http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', /\(teredo\)/],
      ['http://[fd00::1]/', /\(uniqueLocal\)/],
      ['http://[fe80::1]/', /\(linkLocal\)/],
      ['http://[ff02::1]/', /\(multicast\)/],
      ['http://[::]/', /\(unspecified\)/],
      ['http://0.0.0.0/', /\(unspecified\)/],
      ['http://224.0.0.1/', /\(multicast\)/],
      ['http://198.18.0.1/', /\(reserved\)/],
    ] as const;
    try {
      const auth = await adminAuth(strict);
      for (const [url, why] of refused) {
        const res = await strict.http.post(`${API}/admin/webhooks`).set(auth).send({ url });
        expect({ url, status: res.status, detail: res.body.url?.[0] }).toEqual({ url, status: 400, detail: expect.stringMatching(why) });
        expect(res.body.url[0]).toMatch(/is not a public unicast address/);
      }
      // Changing the address of an endpoint is checked the same way.
      const saved = await strict.http.post(`${API}/admin/webhooks`).set(auth).send({ url: 'https://93.184.216.34/hooks' }).expect(201);
      for (const url of ['http://[::127.0.0.1]/', 'http://[2002:7f00:1::]/', 'http://[fec0::1]/', 'http://[::ffff:0:127.0.0.1]/']) {
        const res = await strict.http.patch(`${API}/admin/webhooks/${saved.body.id}`).set(auth).send({ url }).expect(400);
        expect(res.body.url[0]).toMatch(/is not a public unicast address/);
      }
      await strict.http.delete(`${API}/admin/webhooks/${saved.body.id}`).set(auth).expect(204);
    } finally {
      await strict.close();
    }
  });
});
