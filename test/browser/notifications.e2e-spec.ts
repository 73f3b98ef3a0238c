import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, CDPSession, Page, Worker } from 'playwright-core';
import { browserSuiteEnabled, closeBrowserSuite, launchChromium, register, saveArtifacts, startBrowserServer, waitUntil } from '../support/browser';
import { axeViolations, SpecApi } from '../support/browser-api';
import { PushReceived, PushService } from '../support/push-service';
import type { ServerProcess } from '../support/server-process';

/**
 * Notifications in Chromium (docs/notifications.md): the settings view and a room's level, driven as a user
 * and checked over REST; and a web push reaching a browser whose Parley page is closed, then a click on it.
 *
 * What is real and what stands in, and why: Chromium's own `pushManager.subscribe()` registers with Google's
 * push service (FCM), which this machine cannot reach. So Bob's browser device is registered through the API
 * with an endpoint on a stand-in push service in this process (test/support/push-service.ts), with keys the
 * test made; Parley's worker sends it the real push (RFC 8291-encrypted, VAPID-signed), the stand-in checks
 * the VAPID signature and decrypts it as a browser would. The hop from the push service into the browser is
 * the one piece done with the DevTools protocol: `ServiceWorker.deliverPushMessage` hands that decrypted
 * payload to Bob's service worker as a trusted `push` event, exactly as Chromium does when FCM delivers one.
 * Chromium offers automation no way to click a notification, and a service worker may open a window only
 * while handling a real click; so the click is a `notificationclick` event dispatched in the worker, which
 * runs the worker's own handler, with `clients.openWindow` recording the address it is asked to open; the
 * test then opens a page there in Bob's browser, as Chromium would, and checks it shows the room at the message.
 * With a Parley tab open at the time of the click nothing stands in: the handler sends that tab to the room.
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;

jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-notifications');
const PUBLIC_URL = 'https://parley.example';

suite('notifications in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let push: PushService;
  let alice: Page;
  let bob: Page;
  let bobContext: BrowserContext;
  let opened: Page | undefined;
  const contexts: BrowserContext[] = [];
  const stamp = Date.now() % 100000;
  const names = { alice: `alice${stamp}`, bob: `bob${stamp}` };
  const api = new SpecApi(() => server.url, 'a-good-password');
  let groupId = '';

  beforeAll(async () => {
    push = await new PushService().start();
    ({ server } = await startBrowserServer({
      NOTIFICATION_ALLOW_PRIVATE: 'true', // the stand-in push service listens on 127.0.0.1
      NOTIFICATION_POLL_INTERVAL_MS: '100',
      NOTIFICATION_PUSH_DELAY_MS: '300',
      NOTIFICATION_PUBLIC_URL: PUBLIC_URL,
    }));
    browser = await launchChromium();
    alice = await (await newContext()).newPage();
    bobContext = await newContext({ timezoneId: 'Europe/Berlin' });
    bob = await bobContext.newPage();
    await register(alice, names.alice);
    await register(bob, names.bob);
    const bobId = await api.userId(names.alice, names.bob);
    groupId = (await api.ok(names.alice, 'POST', '/rooms', { name: 'Design', room_type: 'GROUP', participants: [bobId] })).id;
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { alice, bob, opened }, server));
  afterAll(async () => {
    await closeBrowserSuite(contexts, browser, server);
    await push?.close();
  });

  async function newContext(options: { timezoneId?: string } = {}): Promise<BrowserContext> {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1100, height: 800 }, ...options });
    contexts.push(context);
    return context;
  }

  const settingsOf = (username: string) => api.ok(username, 'GET', '/users/me/notification-settings');
  const status = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();

  it('sets my default level, email, quiet hours in my time zone and a snooze; asks for permission only when push is turned on', async () => {
    await bob.getByRole('link', { name: 'Notifications', exact: true }).click();
    await bob.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    await bob.getByRole('button', { name: 'Save notification settings' }).waitFor();
    expect(await bob.evaluate('Notification.permission')).toBe('default'); // nothing asked on load
    expect(await axeViolations(bob)).toEqual([]);

    await bob.getByLabel('Only mentions of me (@room and @here included)').check();
    await bob.getByLabel('Email me a digest of unread direct messages and mentions').uncheck();
    await bob.getByLabel('Hold notifications during quiet hours').check();
    await bob.getByLabel('From', { exact: true }).fill('22:30');
    await bob.getByLabel('Until', { exact: true }).fill('06:45');
    expect(await bob.getByLabel('Time zone').inputValue()).toBe('Europe/Berlin'); // the browser's, never set before
    await bob.getByRole('button', { name: 'Save notification settings' }).click();
    await status(bob, 'Notification settings saved.');
    expect(await settingsOf(names.bob)).toMatchObject({
      level: 'mentions',
      email: false,
      quiet_hours: { start: '22:30', end: '06:45' },
      time_zone: 'Europe/Berlin',
    });

    const before = Date.now();
    await bob.getByRole('button', { name: 'Snooze for 1 hour' }).click();
    await status(bob, 'Snoozed until');
    const snoozed = Date.parse((await settingsOf(names.bob)).snooze_until);
    expect(snoozed - before).toBeGreaterThanOrEqual(3600_000 - 1000);
    expect(snoozed - Date.now()).toBeLessThanOrEqual(3600_000);
    await bob.getByRole('button', { name: 'End the snooze' }).click();
    await status(bob, 'Snooze ended.');
    expect((await settingsOf(names.bob)).snooze_until).toBeNull();

    await bob.getByRole('button', { name: 'Snooze until tomorrow, 08:00' }).click();
    await status(bob, 'Snoozed until');
    const tomorrow = new Date(Date.now() + 24 * 3600_000).toLocaleDateString('en-CA', { timeZone: 'Europe/Berlin' });
    const until = new Date((await settingsOf(names.bob)).snooze_until);
    expect([
      until.toLocaleDateString('en-CA', { timeZone: 'Europe/Berlin' }),
      until.toLocaleTimeString('en-GB', { timeZone: 'Europe/Berlin' }),
    ]).toEqual([tomorrow, '08:00:00']);

    await bob.getByLabel('Snooze until', { exact: true }).fill('2099-05-01T09:30');
    await bob.getByRole('button', { name: 'Snooze until then' }).click();
    await status(bob, 'Snoozed until');
    expect((await settingsOf(names.bob)).snooze_until).toBe(new Date(Date.UTC(2099, 4, 1, 7, 30)).toISOString()); // 09:30 in Berlin (CEST)
    expect(await axeViolations(bob)).toEqual([]);
    await bob.getByRole('button', { name: 'End the snooze' }).click();
    await status(bob, 'Snooze ended.');

    // Back to the defaults, through the view: the push below must not wait for quiet hours.
    await bob.getByLabel('Parley’s default: every direct message, mentions of me elsewhere').check();
    await bob.getByLabel('Hold notifications during quiet hours').uncheck();
    await bob.getByRole('button', { name: 'Save notification settings' }).click();
    await status(bob, 'Notification settings saved.');
    expect(await settingsOf(names.bob)).toMatchObject({ level: null, quiet_hours: null, snooze_until: null });

    // Turning push on is what asks; headless Chromium answers "denied" to a prompt nobody granted.
    await bob.getByLabel('Notify me on this device when I am away').click();
    await bob.getByRole('alert').filter({ hasText: 'Notifications are blocked for this site' }).waitFor();
    expect(await bob.getByLabel('Notify me on this device when I am away').isChecked()).toBe(false);

    // At phone width the view fits the screen (the top bar's link wraps with the rest) and passes axe.
    await bob.setViewportSize({ width: 390, height: 800 });
    try {
      expect(await bob.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
      expect(await axeViolations(bob)).toEqual([]);
    } finally {
      await bob.setViewportSize({ width: 1100, height: 800 });
    }
  }, 60_000);

  it('sets my level in one room beside its mute, showing what applies', async () => {
    await bob.goto(`/rooms/${groupId}`);
    await bob.getByRole('button', { name: 'Room settings' }).click();
    const dialog = bob.getByRole('dialog', { name: 'Room settings' });
    const level = dialog.getByLabel('Notify me about');
    await dialog.getByText('Now: only mentions of you.').waitFor(); // a group room's default
    expect(await level.inputValue()).toBe('');
    expect(await axeViolations(bob)).toEqual([]);

    await level.selectOption('all');
    await dialog.getByText('Now: every message.').waitFor();
    expect(await api.ok(names.bob, 'GET', `/users/me/rooms/${groupId}/notifications`)).toMatchObject({ level: 'all', effective_level: 'all' });

    await dialog.getByLabel('Mute this room').check();
    await dialog.getByText('Now: every message, but the room is muted, so nothing is sent.').waitFor();
    await dialog.getByLabel('Mute this room').uncheck();

    await level.selectOption('');
    await dialog.getByText('Now: only mentions of you.').waitFor();
    expect(await api.ok(names.bob, 'GET', `/users/me/rooms/${groupId}/notifications`)).toMatchObject({
      level: null,
      effective_level: 'mentions',
      muted: false,
    });
    await dialog.getByRole('button', { name: 'Close' }).click();
  }, 60_000);

  it('shows a push that reaches Bob’s browser with the Parley page closed, and a click opens the room at the message', async () => {
    // Bob's browser has loaded Parley: its service worker is registered. Notifications are allowed for the site.
    if (bob.isClosed()) bob = await bobContext.newPage(); // (a retry finds the last one closed)
    await bob.goto('/');
    expect((await serviceWorker(bobContext)).url()).toBe(`${server.url}/sw.js`);
    expect(await bob.evaluate('navigator.serviceWorker.ready.then((r) => r.active.scriptURL)')).toBe(`${server.url}/sw.js`);
    await bobContext.grantPermissions(['notifications'], { origin: server.url });

    // The device Parley pushes to: the stand-in push service's endpoint (see the top of this file for why).
    const subscription = push.subscribe();
    await api.ok(names.bob, 'PUT', `/users/me/devices/${randomUUID()}`, { platform: 'web', subscription: subscription.toJSON() });

    // A DevTools handle on Bob's browser that is not a Parley page (about:blank), then the Parley page closes.
    const cdp = await bobContext.newCDPSession(await bobContext.newPage());
    const registrationId = await registrationOf(cdp, `${server.url}/`);
    const bobId = await api.userId(names.alice, names.bob);
    const away = async (page: Page) => {
      await page.close();
      await waitUntil(async () => (await api.ok(names.alice, 'GET', `/users/${bobId}`)).online === false, 10_000);
    };
    await away(bob);

    const direct = (await api.ok(names.alice, 'POST', '/rooms/direct', { user_id: bobId })).room;
    await alice.goto(`/rooms/${direct.id}`);
    const composer = alice.getByRole('textbox', { name: 'Message', exact: true });
    /** Alice writes; the stand-in push service receives Parley's push for it and decrypts it. */
    const write = async (text: string) => {
      const before = push.to(subscription).length;
      await composer.fill(text);
      await composer.press('Enter');
      let received: PushReceived | undefined;
      await waitUntil(async () => Boolean((received = push.to(subscription)[before])), 15_000);
      const page = await api.ok(names.alice, 'GET', `/rooms/${direct.id}/messages`);
      const sent = page.results.find((m: { content: string }) => m.content === text) as { id: string; seq: number };
      expect(push.rejected).toEqual([]);
      expect(received!.vapid.aud).toBe(push.origin);
      expect(received!.payload).toMatchObject({
        title: names.alice,
        room_id: direct.id,
        message_id: sent.id,
        seq: sent.seq,
        count: 1,
        url: `${PUBLIC_URL}/rooms/${direct.id}?message=${sent.id}&seq=${sent.seq}`,
      });
      return { sent, payload: received!.payload };
    };
    /** The push service's hop into the browser: the decrypted payload, delivered to Bob's service worker; what it showed. */
    const deliver = async (payload: Record<string, unknown>) => {
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: server.url, registrationId, data: JSON.stringify(payload) });
      const worker = await serviceWorker(bobContext);
      type Shown = { title: string; body: string; tag: string; data: { url: string } };
      let shown: Shown[] = [];
      await waitUntil(async () => {
        shown = await worker.evaluate<Shown[]>(
          'self.registration.getNotifications().then((list) => list.map((n) => ({ title: n.title, body: n.body, tag: n.tag, data: n.data })))',
        );
        return shown.length > 0;
      }, 10_000);
      return shown;
    };
    /**
     * A click on the notification: the worker's own notificationclick handler, run by an event dispatched in the
     * worker (see the top of this file); `clients.openWindow` records what it is asked to open.
     */
    const click = async () =>
      (await serviceWorker(bobContext)).evaluate<{ asked: string[]; left: number }>(`(async () => {
        const [notification] = await self.registration.getNotifications();
        const asked = [];
        const openWindow = self.clients.openWindow;
        self.clients.openWindow = (url) => (asked.push(url), Promise.resolve(null));
        try {
          const event = new NotificationEvent('notificationclick', { notification });
          const pending = [];
          // An event dispatched from script cannot extend itself (waitUntil throws for untrusted events): collect it.
          Object.defineProperty(event, 'waitUntil', { value: (p) => pending.push(p) });
          self.dispatchEvent(event);
          await Promise.all(pending);
        } finally {
          self.clients.openWindow = openWindow;
        }
        return { asked, left: (await self.registration.getNotifications()).length };
      })()`);
    /** The room shows with the message marked and focused. */
    const atMessage = async (page: Page, seq: number, text: string) => {
      await page.getByRole('heading', { name: names.alice, level: 1 }).waitFor();
      const message = page.locator(`.message--target[data-seq="${seq}"]`);
      await message.getByText(text).waitFor();
      const focused = await message.evaluate(
        (el) => el === (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement,
      );
      expect(focused).toBe(true);
    };
    const tag = randomUUID().slice(0, 4); // texts unique per attempt, should the test run again

    // No Parley page open: the click opens a window at the room.
    const first = await write(`Are you coming on Friday? (${tag})`);
    const at = (sent: { id: string; seq: number }) => `${server.url}/rooms/${direct.id}?message=${sent.id}&seq=${sent.seq}`;
    expect(await deliver(first.payload)).toEqual([
      // The public address reduced to this origin, with the message's seq that opens the room there.
      { title: names.alice, body: first.payload.body, tag: `room-${direct.id}`, data: { url: at(first.sent) } },
    ]);
    expect(await click()).toEqual({ asked: [at(first.sent)], left: 0 });
    opened = await bobContext.newPage(); // what Chromium does with the window the worker opens
    await opened.goto(at(first.sent));
    await atMessage(opened, first.sent.seq, `Are you coming on Friday? (${tag})`);

    // A Parley tab open by the time of the click: that tab goes to the room, no window opens.
    await away(opened);
    const second = await write(`Bring the maps (${tag})`);
    expect((await deliver(second.payload)).map((n) => n.data.url)).toEqual([at(second.sent)]);
    opened = await bobContext.newPage();
    await opened.goto('/');
    await opened.getByRole('heading', { name: `Welcome, ${names.bob}` }).waitFor();
    expect(await click()).toEqual({ asked: [], left: 0 });
    await atMessage(opened, second.sent.seq, `Bring the maps (${tag})`);
    expect(new URL(opened.url()).pathname).toBe(`/rooms/${direct.id}`);
  }, 90_000);
});

/** The service worker registration's id for `scope`, as the DevTools protocol names it. */
async function registrationOf(cdp: CDPSession, scope: string): Promise<string> {
  const found = new Promise<string>((resolve) => {
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const match = registrations.find((r) => r.scopeURL === scope && !r.isDeleted);
      if (match) resolve(match.registrationId);
    });
  });
  await cdp.send('ServiceWorker.enable'); // reports every registration at once
  return found;
}

/** Bob's running service worker (started again by the push if it had stopped). */
async function serviceWorker(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers().find((w) => w.url().endsWith('/sw.js')) ?? context.waitForEvent('serviceworker', { timeout: 10_000 });
}
