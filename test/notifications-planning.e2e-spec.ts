import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MessageLog } from '../src/conversations/messages/store/message-log';
import { PresenceStore } from '../src/identity/presence/presence.store';
import { NotificationPlanner } from '../src/platform/notifications/notification-planner';
import { NotificationWorker } from '../src/platform/notifications/notification-worker';
import { send } from './support/chat';
import { ADMIN_ACCOUNT, loginAdmin, registerUser, TestUser } from './support/factories';
import { directRoom, NotificationRow, notificationRows, registerWebDevice } from './support/notifications';
import { BrowserSubscription, PushService } from './support/push-service';
import { startServer } from './support/server-process';
import { connect, eventually } from './support/sockets';
import { withClient } from './support/test-database';
import { API, startTestApp, TEST_JWT_SECRET, TestApp } from './support/test-app';
import { DEFAULT_ORGANIZATION_ID, OrganizationScope } from '../src/core/database/organization-scope';

/** The send statement called directly acts in an organization like any send (row-level security): the default one. */
const inDefaultOrganization = <T>(work: () => Promise<T>) => OrganizationScope.run(DEFAULT_ORGANIZATION_ID, work);

/** Waits for a condition (delivery is asynchronous), at most `ms`. */
const until = <T>(check: () => T | Promise<T>, ms = 10000) => eventually(check, ms);

/**
 * Planning and the checks at delivery (docs/notifications.md, "Planning" and "The rules"). This node runs no
 * planner or worker loop (NOTIFICATION_WORKER=false): the tests drain them, so every step is theirs to order.
 */
describe('Notification planning (e2e)', () => {
  let t: TestApp;
  let push: PushService;
  let alice: TestUser;
  let planner: NotificationPlanner;
  let worker: NotificationWorker;

  const rows = (userId: string): Promise<NotificationRow[]> => notificationRows(t.databaseUrl, userId);
  const plans = (messageIds: string[]): Promise<unknown[]> =>
    withClient(
      t.databaseUrl,
      async (c) => (await c.query(`SELECT * FROM notification_plans WHERE message_id = ANY ($1::uuid[])`, [messageIds])).rows,
    );
  const direct = (from: TestUser, to: TestUser): Promise<string> => directRoom(t.http, from, to);
  const awayUser = async (): Promise<{ user: TestUser; sub: BrowserSubscription }> => {
    const user = await registerUser(t.http, { display_name: `Away ${randomUUID().slice(0, 4)}` });
    return { user, sub: await registerWebDevice(t.http, push, user) };
  };
  const drainPlans = async () => {
    while ((await planner.drainOnce()) > 0);
  };
  const hhmm = (d: Date) => d.toISOString().slice(11, 16);
  /** Quiet hours from an hour ago to two hours from now (UTC). */
  const quietNow = () => ({ start: hhmm(new Date(Date.now() - 3600_000)), end: hhmm(new Date(Date.now() + 2 * 3600_000)) });
  const due = (userIds: string[]) =>
    withClient(t.databaseUrl, (c) =>
      c.query(`UPDATE notifications SET due_at = now() WHERE user_id = ANY ($1::uuid[]) AND state = 'pending'`, [userIds]),
    );

  beforeAll(async () => {
    push = await new PushService().start();
    t = await startTestApp({
      ...ADMIN_ACCOUNT,
      NOTIFICATION_WORKER: 'false',
      NOTIFICATION_ALLOW_PRIVATE: 'true',
      NOTIFICATION_PUSH_DELAY_MS: '600000',
      NOTIFICATION_IDLE_AFTER: '1s',
    });
    alice = await registerUser(t.http, { display_name: 'Alice' });
    planner = t.app.get(NotificationPlanner);
    worker = t.app.get(NotificationWorker);
  });
  afterAll(async () => {
    await t.close();
    await push.close();
  });

  it('plans a message whose commit no in-process event followed (the node died right after it): the queue holds it', async () => {
    const { user: bob } = await awayUser();
    const roomId = await direct(alice, bob);
    // The send statement alone, as a node that crashed before publishing MessageCreated left it.
    const [message] = await inDefaultOrganization(() =>
      t.app.get(MessageLog).appendBatch([{ roomId, senderId: alice.id, type: 'text', content: 'lost?', memberOnly: true }]),
    );
    expect(await plans([message!.id])).toHaveLength(1);
    await drainPlans();
    expect((await rows(bob.id)).map((r) => [r.channel, r.state, r.items])).toEqual([['push', 'pending', [message!.id]]]);
    expect(await plans([message!.id])).toEqual([]);
  });

  it('queues text messages only', async () => {
    const { user: bob } = await awayUser();
    const roomId = await direct(alice, bob);
    const [system] = await inDefaultOrganization(() =>
      t.app.get(MessageLog).appendBatch([{ roomId, senderId: alice.id, type: 'system', content: 'alice did something' }]),
    );
    expect(await plans([system!.id])).toEqual([]);
  });

  it("shares a backlog between two nodes' planners: one open row per user and room, with every message in it, sent once with the count", async () => {
    const { user: bob, sub } = await awayUser();
    await t.http.patch(`${API}/users/me/notification-settings`).set(bob.auth).send({ quiet_hours: quietNow(), time_zone: 'UTC' }).expect(200);
    const roomId = await direct(alice, bob);
    const dataDir = mkdtempSync(join(tmpdir(), 'parley-plan-node-'));
    const second = await startServer({
      DATABASE_URL: t.databaseUrl,
      JWT_SECRET: TEST_JWT_SECRET,
      DATA_DIR: dataDir,
      REDIS_URL: '',
      NOTIFICATION_ALLOW_PRIVATE: 'true',
      NOTIFICATION_POLL_INTERVAL_MS: '20',
    });
    try {
      // 12 messages committed at once (one statement), planned by the second node's loop and by 6 planners
      // of this node side by side, one message each: several transactions add to the same user's row at once.
      const inputs = Array.from({ length: 12 }, (_, i) => ({
        roomId,
        senderId: alice.id,
        type: 'text' as const,
        content: `m${i}`,
        memberOnly: true,
      }));
      const written = await inDefaultOrganization(() => t.app.get(MessageLog).appendBatch(inputs));
      const ids = written.map((m) => m!.id);
      const mine = async () => {
        let n = 0;
        while ((await planner.drainOnce(1)) > 0) n += 1;
        return n;
      };
      await Promise.all([mine(), mine(), mine(), mine(), mine(), mine()]);
      await until(async () => expect(await plans(ids)).toEqual([]));
      const [row, ...more] = await rows(bob.id);
      expect(more).toEqual([]);
      expect(row).toMatchObject({ channel: 'push', state: 'pending', attempts: 0 });
      expect([...row.items].sort()).toEqual([...ids].sort());
      await t.http.patch(`${API}/users/me/notification-settings`).set(bob.auth).send({ quiet_hours: null }).expect(200);
      await due([bob.id]);
      await until(async () => expect((await rows(bob.id)).map((r) => r.state)).toEqual(['sent']));
      expect(push.to(sub)).toHaveLength(1);
      expect(push.to(sub)[0].payload).toMatchObject({ count: 12, room_id: roomId });
    } finally {
      await second.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('counts a user whose sockets are all idle longer than NOTIFICATION_IDLE_AFTER as away', async () => {
    const { user: bob } = await awayUser();
    const roomId = await direct(alice, bob);
    const socket = await connect(t.baseUrl, bob.access);
    try {
      const presence = t.app.get(PresenceStore);
      await until(async () => expect([...(await presence.activeAmong([bob.id], 1000))]).toEqual([]));
      expect(await presence.isOnline(bob.id)).toBe(true);
      const message = await send(t.http, alice, roomId, 'are you there?');
      await drainPlans();
      expect((await rows(bob.id)).map((r) => [r.state, r.items])).toEqual([['pending', [message.id]]]);
      // A client event makes the socket active again: nothing more is planned, and the pending push is skipped.
      socket.emit('typing', { room_id: roomId, is_typing: true });
      await until(async () => expect([...(await presence.activeAmong([bob.id], 1000))]).toEqual([bob.id]));
      await send(t.http, alice, roomId, 'still there?');
      await drainPlans();
      await due([bob.id]);
      await worker.drainOnce();
      expect((await rows(bob.id)).map((r) => [r.state, r.items])).toEqual([['skipped', [message.id]]]);
    } finally {
      socket.close();
    }
  });

  it('checks at delivery what changed since planning: snooze, quiet hours (postponed to their end), room level, mute', async () => {
    const users = await Promise.all([1, 2, 3, 4, 5].map(() => awayUser()));
    const [snoozed, quiet, nothing, muted, control] = users;
    const rooms = await Promise.all(users.map(({ user }) => direct(alice, user)));
    for (const roomId of rooms) await send(t.http, alice, roomId, 'planned before the change');
    await drainPlans();
    for (const { user } of users) expect((await rows(user.id)).map((r) => r.state)).toEqual(['pending']);

    const later = new Date(Date.now() + 3600_000).toISOString();
    await t.http.patch(`${API}/users/me/notification-settings`).set(snoozed.user.auth).send({ snooze_until: later }).expect(200);
    const hours = quietNow();
    await t.http.patch(`${API}/users/me/notification-settings`).set(quiet.user.auth).send({ quiet_hours: hours, time_zone: 'UTC' }).expect(200);
    await t.http.put(`${API}/users/me/rooms/${rooms[2]}/notifications`).set(nothing.user.auth).send({ level: 'nothing' }).expect(200);
    await withClient(t.databaseUrl, (c) =>
      c.query(`UPDATE room_members SET notifications_muted = true WHERE room_id = $1 AND user_id = $2`, [rooms[3], muted.user.id]),
    );
    await due(users.map((u) => u.user.id));
    await worker.drainOnce();

    expect((await rows(control.user.id)).map((r) => r.state)).toEqual(['sent']);
    expect(push.to(control.sub)).toHaveLength(1);
    for (const u of [snoozed, nothing, muted]) {
      expect((await rows(u.user.id)).map((r) => r.state)).toEqual(['skipped']);
      expect(push.to(u.sub)).toEqual([]);
    }
    const [held] = await rows(quiet.user.id);
    expect(held.state).toBe('pending');
    expect(hhmm(new Date(held.due_at))).toBe(hours.end);
    expect(new Date(held.due_at).getTime()).toBeGreaterThan(Date.now() + 3600_000);
    expect(push.to(quiet.sub)).toEqual([]);
  });

  it("merges a requeued dead notification into the user's open one for the room, so one stays open", async () => {
    const { user: bob } = await awayUser();
    const roomId = await direct(alice, bob);
    const first = await send(t.http, alice, roomId, 'failed to go');
    await drainPlans();
    const [dead] = await rows(bob.id);
    await withClient(t.databaseUrl, (c) =>
      c.query(`UPDATE notifications SET state = 'dead', attempts = 2, last_error = 'HTTP 500' WHERE id = $1`, [dead.id]),
    );
    const second = await send(t.http, alice, roomId, 'opens a new one');
    await drainPlans();
    const open = (await rows(bob.id)).find((r) => r.id !== dead.id)!;
    expect(open).toMatchObject({ state: 'pending', attempts: 0, items: [second.id] });
    await t.http
      .post(`${API}/admin/notifications/dead/${dead.id}/requeue`)
      .set(await loginAdmin(t.http))
      .expect(202);
    const after = await rows(bob.id);
    expect(after.find((r) => r.id === dead.id)).toMatchObject({ state: 'skipped' });
    expect(after.find((r) => r.id === open.id)).toMatchObject({ state: 'pending', attempts: 0, items: [second.id, first.id] });
    expect(new Date(after.find((r) => r.id === open.id)!.due_at).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });
});
