import { randomBytes, randomUUID } from 'node:crypto';
import { send } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { ApnsStandIn, FcmStandIn } from './support/mobile-push';
import { withClient } from './support/test-database';
import { API, startTestApp, TestApp } from './support/test-app';
import { eventually } from './support/sockets';

/** Waits for a condition (delivery is asynchronous), at most `ms`. */
const until = <T>(check: () => T | Promise<T>, ms = 8000) => eventually(check, ms);

/** Mobile push through stand-ins of FCM HTTP v1 (with its OAuth token endpoint) and APNs over HTTP/2 (docs/notifications.md). */
describe('Mobile push (e2e)', () => {
  let t: TestApp;
  let fcm: FcmStandIn;
  let apns: ApnsStandIn;
  let alice: TestUser;

  const states = (userId: string): Promise<string[]> =>
    withClient(t.databaseUrl, async (c) => (await c.query(`SELECT state FROM notifications WHERE user_id = $1`, [userId])).rows.map((r) => r.state));
  const dm = async (to: TestUser, text: string) =>
    send(t.http, alice, (await t.http.post(`${API}/rooms/direct`).set(alice.auth).send({ user_id: to.id })).body.room.id, text);
  const phone = async (platform: 'ios' | 'android') => {
    const user = await registerUser(t.http);
    const token = randomBytes(16).toString('hex');
    await t.http.put(`${API}/users/me/devices/${randomUUID()}`).set(user.auth).send({ platform, token, app_id: 'com.example.chat' }).expect(200);
    return { user, token };
  };
  const devices = async (user: TestUser) => (await t.http.get(`${API}/users/me/devices`).set(user.auth).expect(200)).body.results;

  beforeAll(async () => {
    fcm = await new FcmStandIn().start();
    apns = await new ApnsStandIn().start();
    t = await startTestApp({
      NOTIFICATION_POLL_INTERVAL_MS: '50',
      NOTIFICATION_PUSH_DELAY_MS: '200',
      FCM_SERVICE_ACCOUNT_FILE: fcm.serviceAccountFile,
      FCM_URL: fcm.origin,
      APNS_KEY_FILE: apns.keyFile,
      APNS_KEY_ID: apns.keyId,
      APNS_TEAM_ID: apns.teamId,
      APNS_URL: apns.origin,
    });
    alice = await registerUser(t.http, { display_name: 'Alice' });
  });
  afterAll(async () => {
    await t.close();
    await fcm.close();
    await apns.close();
  });

  it('sends an Android phone a data-only FCM message, authorised by the service account', async () => {
    const { user, token } = await phone('android');
    const message = await dm(user, 'not in the payload');
    await until(() => expect(fcm.received.filter((m) => m.token === token)).toHaveLength(1));
    const [sent] = fcm.received.filter((m) => m.token === token);
    expect(sent.data).toMatchObject({ type: 'message', message_id: message.id, count: '1', body: 'New message in Alice', title: 'Alice' });
    expect(JSON.stringify(sent)).not.toContain('not in the payload');
    expect(sent.android).toMatchObject({ priority: 'high' });
    expect(fcm.rejected).toEqual([]);
    await until(async () => expect(await states(user.id)).toEqual(['sent']));
  });

  it('sends an iPhone an APNs alert with a provider token over HTTP/2, to the app as topic', async () => {
    const { user, token } = await phone('ios');
    const message = await dm(user, 'not in the alert');
    await until(() => expect(apns.received.filter((m) => m.token === token)).toHaveLength(1));
    const [sent] = apns.received.filter((m) => m.token === token);
    expect(sent.headers).toMatchObject({ 'apns-topic': 'com.example.chat', 'apns-push-type': 'alert' });
    expect(sent.payload).toMatchObject({
      aps: { alert: { title: 'Alice', body: 'New message in Alice' } },
      parley: { message_id: message.id, count: 1 },
    });
    expect(JSON.stringify(sent)).not.toContain('not in the alert');
    expect(apns.rejected).toEqual([]);
  });

  it('forgets a token FCM calls unregistered and one APNs answers 410 for', async () => {
    const android = await phone('android');
    const ios = await phone('ios');
    fcm.status.set(android.token, 404);
    apns.status.set(ios.token, 410);
    await dm(android.user, 'gone');
    await dm(ios.user, 'gone');
    await until(async () => expect([...(await devices(android.user)), ...(await devices(ios.user))]).toEqual([]));
    await until(async () => expect([...(await states(android.user.id)), ...(await states(ios.user.id))]).toEqual(['skipped', 'skipped']));
  });
});
