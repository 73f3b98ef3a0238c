import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NotificationWorker } from '../src/platform/notifications/notification-worker';
import { NotificationOutboxRepository } from '../src/platform/notifications/store/notification-outbox.repository';
import { createRoom, send } from './support/chat';
import { ADMIN_ACCOUNT, loginAdmin, registerUser, TestUser } from './support/factories';
import { directRoom, NotificationRow, notificationRows, registerWebDevice } from './support/notifications';
import { BrowserSubscription, PushService } from './support/push-service';
import { startServer } from './support/server-process';
import { SmtpSink } from './support/smtp-sink';
import { connect, eventually } from './support/sockets';
import { withClient } from './support/test-database';
import { API, startTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';
import { OrganizationScope } from '../src/core/database/organization-scope';

const PUBLIC_URL = 'http://parley.test';

/** Waits for a condition (delivery is asynchronous), at most `ms`. */
const until = <T>(check: () => T | Promise<T>, ms = 8000) => eventually(check, ms);

/** Web push and email delivery, with a stand-in push service and an SMTP sink (docs/notifications.md). */
describe('Notification delivery (e2e)', () => {
  let t: TestApp;
  let push: PushService;
  let smtp: SmtpSink;
  let alice: TestUser;
  let vapidKey: string;

  const rows = (userId: string): Promise<NotificationRow[]> => notificationRows(t.databaseUrl, userId);
  const direct = (from: TestUser, to: TestUser): Promise<string> => directRoom(t.http, from, to);
  const webDevice = (user: TestUser): Promise<BrowserSubscription> => registerWebDevice(t.http, push, user);
  /** Someone away with a browser subscribed, and email off unless asked. */
  const awayUser = async (email = false) => {
    const user = await registerUser(t.http, { display_name: `Away ${randomUUID().slice(0, 4)}` });
    if (!email) await t.http.patch(`${API}/users/me/notification-settings`).set(user.auth).send({ email: false }).expect(200);
    return { user, sub: await webDevice(user) };
  };
  /** Plans run one at a time per node: once a later message's row exists, an earlier message was planned. */
  const planned = async () => {
    const { user, sub } = await awayUser();
    await send(t.http, alice, await direct(alice, user), 'marker');
    await until(() => expect(push.to(sub)).toHaveLength(1));
  };

  beforeAll(async () => {
    push = await new PushService().start();
    smtp = await new SmtpSink().start();
    t = await startTestApp({
      ...ADMIN_ACCOUNT,
      NOTIFICATION_ALLOW_PRIVATE: 'true',
      NOTIFICATION_POLL_INTERVAL_MS: '50',
      NOTIFICATION_PUSH_DELAY_MS: '400',
      NOTIFICATION_EMAIL_DELAY: '1s',
      NOTIFICATION_RETRY_BASE_MS: '50',
      NOTIFICATION_MAX_ATTEMPTS: '2',
      NOTIFICATION_PUBLIC_URL: PUBLIC_URL,
      SMTP_URL: smtp.url,
    });
    alice = await registerUser(t.http, { display_name: 'Alice' });
    vapidKey = (await t.http.get(`${API}/notifications/web-push-key`).set(alice.auth).expect(200)).body.public_key;
  });
  afterAll(async () => {
    await t.close();
    await push.close();
    await smtp.close();
  });

  describe('web push', () => {
    it('sends a direct message to an away member: encrypted for the subscription, VAPID-signed, without the text', async () => {
      const { user: bob, sub } = await awayUser();
      const roomId = await direct(alice, bob);
      const message = await send(t.http, alice, roomId, 'secret plans');
      const [received] = await until(() => {
        expect(push.to(sub)).toHaveLength(1);
        return push.to(sub);
      });
      expect(received.payload).toEqual({
        title: 'Alice',
        body: 'New message in Alice',
        room_id: roomId,
        message_id: message.id,
        seq: message.seq,
        count: 1,
        url: `${PUBLIC_URL}/rooms/${roomId}?message=${message.id}&seq=${message.seq}`,
      });
      expect(JSON.stringify(received.payload)).not.toContain('secret plans');
      expect(received.vapid).toMatchObject({ sub: 'mailto:admin@localhost', aud: push.origin, key: vapidKey });
      expect(received.headers).toMatchObject({ urgency: 'high', ttl: '86400' });
      expect(push.rejected).toEqual([]);
      await until(async () => expect((await rows(bob.id)).map((r) => [r.channel, r.state])).toEqual([['push', 'sent']]));
    });

    it('collapses several messages of a room within the window into one notification with a count', async () => {
      const { user: bob, sub } = await awayUser();
      const roomId = await direct(alice, bob);
      for (const text of ['one', 'two', 'three']) await send(t.http, alice, roomId, text);
      await until(() => expect(push.to(sub)).toHaveLength(1));
      expect(push.to(sub)[0].payload).toMatchObject({ count: 3, body: '3 new messages in Alice' });
      await until(async () => {
        const [row] = await rows(bob.id);
        expect(row).toMatchObject({ state: 'sent' });
        expect(row.items).toHaveLength(3);
      });
    });

    it('skips what the user has read on another device meanwhile', async () => {
      const { user: bob, sub } = await awayUser();
      const roomId = await direct(alice, bob);
      await send(t.http, alice, roomId, 'read me elsewhere');
      await t.http.post(`${API}/rooms/${roomId}/read`).set(bob.auth).send({}).expect(200);
      await until(async () => expect((await rows(bob.id)).map((r) => r.state)).toEqual(['skipped']));
      expect(push.to(sub)).toEqual([]);
    });

    it('writes nothing for a member with a connected socket, and nothing for a group message that does not mention them', async () => {
      const { user: bob, sub } = await awayUser();
      const socket = await connect(t.baseUrl, bob.access);
      try {
        await send(t.http, alice, await direct(alice, bob), 'you are here');
        const { user: carol } = await awayUser();
        const group = await createRoom(t.http, alice, { participants: [carol.id] });
        await send(t.http, alice, group.id, 'hello all');
        await planned();
        expect(await rows(bob.id)).toEqual([]);
        expect(await rows(carol.id)).toEqual([]);
        await send(t.http, alice, group.id, `hey @${carol.username}`);
        await until(async () => expect((await rows(carol.id)).map((r) => r.state)).toEqual(['sent']));
        expect(push.to(sub)).toEqual([]);
      } finally {
        socket.close();
      }
    });

    it('respects a room level of nothing, a muted room and a snooze', async () => {
      const { user: bob } = await awayUser();
      const { user: carol } = await awayUser();
      const { user: dan } = await awayUser();
      const toBob = await direct(alice, bob);
      const toCarol = await direct(alice, carol);
      await t.http.put(`${API}/users/me/rooms/${toBob}/notifications`).set(bob.auth).send({ level: 'nothing' }).expect(200);
      await withClient(t.databaseUrl, (c) =>
        c.query(`UPDATE room_members SET notifications_muted = true WHERE room_id = $1 AND user_id = $2`, [toCarol, carol.id]),
      );
      await t.http
        .patch(`${API}/users/me/notification-settings`)
        .set(dan.auth)
        .send({ snooze_until: new Date(Date.now() + 3600_000).toISOString() })
        .expect(200);
      await send(t.http, alice, toBob, 'quiet');
      await send(t.http, alice, toCarol, 'quiet');
      await send(t.http, alice, await direct(alice, dan), 'quiet');
      await planned();
      expect([...(await rows(bob.id)), ...(await rows(carol.id)), ...(await rows(dan.id))]).toEqual([]);
    });

    it('holds a push during quiet hours until they end', async () => {
      const { user: bob, sub } = await awayUser();
      const hhmm = (d: Date) => d.toISOString().slice(11, 16);
      const now = Date.now();
      const quiet = { start: hhmm(new Date(now - 3600_000)), end: hhmm(new Date(now + 2 * 3600_000)) };
      await t.http.patch(`${API}/users/me/notification-settings`).set(bob.auth).send({ quiet_hours: quiet, time_zone: 'UTC' }).expect(200);
      await send(t.http, alice, await direct(alice, bob), 'at night');
      await planned();
      const [row] = await rows(bob.id);
      expect(row.state).toBe('pending');
      expect(hhmm(new Date(row.due_at))).toBe(quiet.end);
      expect(new Date(row.due_at).getTime()).toBeGreaterThan(now + 3600_000);
      expect(push.to(sub)).toEqual([]);
    });

    it('forgets a subscription the push service answers 410 for', async () => {
      const { user: bob, sub } = await awayUser();
      push.status.set(new URL(sub.endpoint).pathname, 410);
      await send(t.http, alice, await direct(alice, bob), 'gone?');
      await until(async () => expect((await t.http.get(`${API}/users/me/devices`).set(bob.auth).expect(200)).body.results).toEqual([]));
      await until(async () => expect((await rows(bob.id)).map((r) => r.state)).toEqual(['skipped']));
    });

    it('retries a failing push service, dead-letters after the last attempt, and an admin requeues it', async () => {
      const { user: bob, sub } = await awayUser();
      const path = new URL(sub.endpoint).pathname;
      push.status.set(path, 500);
      const message = await send(t.http, alice, await direct(alice, bob), 'retry me');
      await until(async () => expect((await rows(bob.id)).map((r) => [r.state, r.attempts])).toEqual([['dead', 2]]));
      const admin = await loginAdmin(t.http);
      await t.http.get(`${API}/admin/notifications/dead`).set(bob.auth).expect(403);
      const dead = await t.http.get(`${API}/admin/notifications/dead`).set(admin).expect(200);
      const entry = dead.body.results.find((d: { user_id: string }) => d.user_id === bob.id);
      expect(entry).toMatchObject({ message_id: message.id, channel: 'push', attempts: 2 });
      expect(entry.last_error).toContain('HTTP 500');
      push.status.delete(path);
      await t.http.post(`${API}/admin/notifications/dead/${entry.id}/requeue`).set(admin).expect(202);
      await t.http.post(`${API}/admin/notifications/dead/${entry.id}/requeue`).set(admin).expect(404);
      await until(() => expect(push.to(sub)).toHaveLength(1));
      await until(async () => expect((await rows(bob.id)).map((r) => r.state)).toEqual(['sent']));
    });

    it('sends each notification once while several workers drain a backlog side by side', async () => {
      const { user: bob, sub } = await awayUser();
      const hhmm = (d: Date) => d.toISOString().slice(11, 16);
      const quiet = { start: hhmm(new Date(Date.now() - 3600_000)), end: hhmm(new Date(Date.now() + 2 * 3600_000)) };
      await t.http.patch(`${API}/users/me/notification-settings`).set(bob.auth).send({ quiet_hours: quiet }).expect(200);
      const senders = await Promise.all([1, 2, 3, 4, 5, 6].map(() => registerUser(t.http)));
      for (const sender of senders) await send(t.http, sender, await direct(sender, bob), 'backlog');
      await planned();
      expect(await rows(bob.id)).toHaveLength(6);
      // Quiet hours held the backlog; over, they no longer postpone it at delivery.
      await t.http.patch(`${API}/users/me/notification-settings`).set(bob.auth).send({ quiet_hours: null }).expect(200);
      await withClient(t.databaseUrl, (c) => c.query(`UPDATE notifications SET due_at = now() WHERE user_id = $1`, [bob.id]));
      const worker = t.app.get(NotificationWorker);
      await Promise.all([worker.drainOnce(), worker.drainOnce(), worker.drainOnce(), worker.drainOnce()]);
      await until(async () => expect((await rows(bob.id)).every((r) => r.state === 'sent')).toBe(true));
      expect(push.to(sub)).toHaveLength(6);
      expect(new Set(push.to(sub).map((r) => r.payload.room_id)).size).toBe(6);
    });
    it('hands a backlog left by a node that died mid-send to the nodes still up, and sends each notification once', async () => {
      const { user: bob, sub } = await awayUser();
      const hhmm = (d: Date) => d.toISOString().slice(11, 16);
      const quiet = { start: hhmm(new Date(Date.now() - 3600_000)), end: hhmm(new Date(Date.now() + 2 * 3600_000)) };
      await t.http.patch(`${API}/users/me/notification-settings`).set(bob.auth).send({ quiet_hours: quiet }).expect(200);
      const senders = await Promise.all([1, 2, 3, 4, 5].map(() => registerUser(t.http)));
      for (const sender of senders) await send(t.http, sender, await direct(sender, bob), 'backlog');
      await planned();
      await t.http.patch(`${API}/users/me/notification-settings`).set(bob.auth).send({ quiet_hours: null }).expect(200);
      // A second node: a real server process on the same database, with its own worker.
      const dataDir = mkdtempSync(join(tmpdir(), 'parley-notify-node-'));
      const second = await startServer({
        DATABASE_URL: t.databaseUrl,
        JWT_SECRET: TEST_JWT_SECRET,
        DATA_DIR: dataDir,
        REDIS_URL: '',
        NOTIFICATION_ALLOW_PRIVATE: 'true',
        NOTIFICATION_POLL_INTERVAL_MS: '50',
        SMTP_URL: smtp.url,
      });
      try {
        // Two rows were claimed by a node that then died: its lease ran out. The rest just fell due.
        await withClient(t.databaseUrl, async (c) => {
          await c.query(`UPDATE notifications SET due_at = now() WHERE user_id = $1`, [bob.id]);
          await c.query(
            `UPDATE notifications SET claimed_by = 'dead-node', claimed_until = now() - interval '1 second', attempts = 1
              WHERE id IN (SELECT id FROM notifications WHERE user_id = $1 ORDER BY id LIMIT 2)`,
            [bob.id],
          );
        });
        await until(async () => expect((await rows(bob.id)).map((r) => r.state)).toEqual(['sent', 'sent', 'sent', 'sent', 'sent']));
        expect(push.to(sub)).toHaveLength(5);
        expect(new Set(push.to(sub).map((r) => r.payload.room_id)).size).toBe(5);
      } finally {
        await second.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }, 120_000);
  });

  it('drops settled notifications older than the retention from the outbox, never pending ones', async () => {
    const { user: bob } = await awayUser();
    const hhmm = (d: Date) => d.toISOString().slice(11, 16);
    const quiet = { start: hhmm(new Date(Date.now() - 3600_000)), end: hhmm(new Date(Date.now() + 2 * 3600_000)) };
    await t.http.patch(`${API}/users/me/notification-settings`).set(bob.auth).send({ quiet_hours: quiet }).expect(200);
    const [a, b] = await Promise.all([registerUser(t.http), registerUser(t.http)]);
    await send(t.http, a, await direct(a, bob), 'old and sent');
    await send(t.http, b, await direct(b, bob), 'old and pending');
    await planned();
    await withClient(t.databaseUrl, async (c) => {
      await c.query(`UPDATE notifications SET created_at = now() - interval '15 days' WHERE user_id = $1`, [bob.id]);
      await c.query(`UPDATE notifications SET state = 'sent' WHERE id = (SELECT id FROM notifications WHERE user_id = $1 ORDER BY id LIMIT 1)`, [
        bob.id,
      ]);
    });
    const outbox = t.app.get(NotificationOutboxRepository);
    // The worker purges in system scope (every organization's outbox): so does this direct call.
    await OrganizationScope.runAsSystem(() => outbox.purgeSettled(14 * 86400, 5000));
    expect((await rows(bob.id)).map((r) => r.state)).toEqual(['pending']);
  });

  describe('email digests', () => {
    it('mails one digest of the unread direct messages after the absence, with links and one-click unsubscribe', async () => {
      const erin = await registerUser(t.http, { display_name: 'Erin' });
      const roomId = await direct(alice, erin);
      const first = await send(t.http, alice, roomId, 'first');
      const second = await send(t.http, alice, roomId, 'second');
      const [mail] = await until(() => {
        expect(smtp.to(erin.email)).toHaveLength(1);
        return smtp.to(erin.email);
      });
      expect(mail.headers.subject).toBe('2 unread messages on Parley');
      expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
      const unsubscribe = /^<(.+)>$/.exec(mail.headers['list-unsubscribe'])![1];
      expect(unsubscribe).toMatch(new RegExp(`^${PUBLIC_URL}/api/v1/notifications/unsubscribe\\?user=${erin.id}&sig=[\\w-]+$`));
      for (const m of [first, second]) {
        expect(mail.text).toContain(`${PUBLIC_URL}/rooms/${roomId}?message=${m.id}&seq=${m.seq}`);
        expect(mail.html).toContain(`href="${PUBLIC_URL}/rooms/${roomId}?message=${m.id}&amp;seq=${m.seq}"`);
      }
      expect(mail.text).not.toContain('second');
      await until(async () => expect((await rows(erin.id)).map((r) => [r.channel, r.state])).toEqual([['email', 'sent']]));

      const path = unsubscribe.slice(PUBLIC_URL.length);
      const page = await t.http.get(path).expect(200);
      expect(page.headers['content-type']).toMatch(/^text\/html/);
      expect(page.text).toContain('<form method="post"');
      expect((await t.http.get(`${API}/users/me/notification-settings`).set(erin.auth)).body.email).toBe(true);
      await t.http
        .post(path.replace(/sig=[\w-]+/, 'sig=forged'))
        .type('form')
        .send('List-Unsubscribe=One-Click')
        .expect(400);
      await t.http.post(path).type('form').send('List-Unsubscribe=One-Click').expect(204);
      expect((await t.http.get(`${API}/users/me/notification-settings`).set(erin.auth)).body.email).toBe(false);
      await send(t.http, alice, roomId, 'third');
      await planned();
      expect((await rows(erin.id)).filter((r) => r.state === 'pending')).toEqual([]);
    });

    it('sends no digest for what was read before it was due', async () => {
      const frank = await registerUser(t.http);
      const roomId = await direct(alice, frank);
      await send(t.http, alice, roomId, 'seen in time');
      await t.http.post(`${API}/rooms/${roomId}/read`).set(frank.auth).send({}).expect(200);
      await until(async () => expect((await rows(frank.id)).map((r) => [r.channel, r.state])).toEqual([['email', 'skipped']]));
      expect(smtp.to(frank.email)).toEqual([]);
    });
  });
});
