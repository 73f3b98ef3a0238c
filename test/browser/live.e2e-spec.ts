import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  accessibilityProblems,
  browserSuiteEnabled,
  launchChromium,
  messageTexts,
  register,
  closeBrowserSuite,
  saveArtifacts,
  startBrowserServer,
} from '../support/browser';
import type { ServerProcess } from '../support/server-process';

/**
 * What one person sees live of what another does, in a real Chromium against a
 * real Parley process: joins, thread replies, the sidebar after deletes and
 * edits, grouped messages, and the rules of the sign-up form. Access tokens
 * keep the default 15 min: no renewal reconnects (and catches up) during a
 * scenario, so what a page shows came live. Tabs sharing a session are in
 * chat.e2e-spec.ts, where tokens renew every few seconds.
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;

// Two browsers, a server process and PostgreSQL on 2 shared cores: a scenario that fails under load runs once more.
jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-live');
const PASSWORD = 'a-good-password';

suite('web app live updates in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let alice: Page;
  let bob: Page;
  const contexts: BrowserContext[] = [];
  const stamp = Date.now() % 100000;
  const names = { alice: `alice${stamp}`, bob: `bob${stamp}` };
  let roomId = '';

  beforeAll(async () => {
    ({ server } = await startBrowserServer());
    browser = await launchChromium();
    [alice, bob] = await Promise.all([newPage(), newPage()]);
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { alice, bob }, server));
  afterAll(() => closeBrowserSuite(contexts, browser, server));

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1100, height: 760 } });
    contexts.push(context);
    return context.newPage();
  }

  /** A REST call as `username` (a login of its own, outside the browser). */
  async function api(username: string, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: username, password: PASSWORD }),
    });
    const { access_token } = (await login.json()) as { access_token: string };
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${access_token}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    expect(res.status).toBeLessThan(300);
    return (await res.json()) as Record<string, unknown>;
  }

  const composer = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });
  const say = async (page: Page, text: string) => {
    await composer(page).fill(text);
    await composer(page).press('Enter');
  };
  const bubble = (page: Page, text: string) =>
    page.locator('.message-list .message', { has: page.locator('.message__body', { hasText: new RegExp(`^${text}$`) }) });
  const roomLink = (page: Page) => page.getByRole('link', { name: /Live room/ });

  it('shows the sign-up rules before and after a mistake, and the server’s field errors beside their fields', async () => {
    await alice.goto('/');
    await alice.getByRole('button', { name: 'Create an account' }).click();
    const username = alice.getByLabel('Username');
    await alice.getByText('Username: 3–32 characters of a–z, 0–9, _ . -').waitFor();
    await alice.getByText('Password: 8–128 characters').waitFor();
    expect(await username.getAttribute('aria-describedby')).toBe('username-help');

    await username.fill('Bad Name!');
    await alice.getByLabel('Email').fill(`${names.alice}@localhost`); // the browser takes it, Parley wants a domain
    await alice.getByLabel('Password').fill(PASSWORD);
    await alice.getByRole('button', { name: 'Create account' }).click();
    expect(await username.evaluate((input) => (input as unknown as { validationMessage: string }).validationMessage)).toBe(
      'Username: 3–32 characters of a–z, 0–9, _ . -',
    );

    await username.fill(names.alice);
    await alice.getByRole('button', { name: 'Create account' }).click();
    const email = alice.getByLabel('Email');
    await alice.locator('#email-error').waitFor();
    expect(await email.getAttribute('aria-invalid')).toBe('true');
    expect(await email.getAttribute('aria-describedby')).toBe('email-error');
    expect(await alice.locator('#email-error').textContent()).toMatch(/email/i);
    expect(await accessibilityProblems(alice)).toEqual([]);

    await email.fill(`${names.alice}@example.com`);
    await alice.getByRole('button', { name: 'Create account' }).click();
    await alice.getByRole('button', { name: 'Sign out' }).waitFor();
  }, 60_000);

  it('shows “X joined the room” and the new member live in the open room', async () => {
    await register(bob, names.bob);
    const room = await api(names.alice, 'POST', '/rooms', { name: 'Live room', room_type: 'GROUP', visibility: 'private' });
    roomId = String(room.id);
    await alice.goto(`/rooms/${roomId}`);
    await alice.getByRole('heading', { name: 'Live room', level: 1 }).waitFor();
    await alice.getByRole('button', { name: /Members/ }).click();
    await alice.getByLabel('Invite by username').fill(names.bob);
    await alice.getByRole('button', { name: 'Invite', exact: true }).click();
    await alice.getByText(`Invited ${names.bob}.`).waitFor();
    // The badge counts it live (invitation:created), long before the page's 20 s poll.
    await bob
      .getByRole('link', { name: /Invitations/ })
      .getByLabel('1 pending')
      .waitFor({ timeout: 5_000 });

    await bob.getByRole('link', { name: /Invitations/ }).click();
    await bob.getByRole('button', { name: 'Accept invitation to Live room' }).click();
    await bob.getByRole('heading', { name: 'Live room', level: 1 }).waitFor();

    await alice.locator('.message--system', { hasText: `${names.bob} joined the room` }).waitFor();
    await alice.getByRole('complementary', { name: 'Members' }).getByText(`@${names.bob}`).waitFor();
    await alice.getByRole('button', { name: 'Members (2)' }).waitFor();
    await alice.getByRole('button', { name: 'Close members' }).click();
  }, 60_000);

  it('groups one sender’s consecutive messages under one header, below a day separator', async () => {
    for (const text of ['group one', 'group two', 'group three']) await say(bob, text);
    await bubble(alice, 'group three').waitFor();
    const continued = (text: string) => bubble(alice, text).evaluate((li) => li.classList.contains('message--continued'));
    expect([await continued('group one'), await continued('group two'), await continued('group three')]).toEqual([false, true, true]);
    // A continued message keeps its sender and time for screen readers only.
    expect(await bubble(alice, 'group two').locator('.message__meta').getAttribute('class')).toBe('message__meta sr-only');
    expect(await bubble(alice, 'group two').locator('.message__author').textContent()).toBe(names.bob);
    await alice.locator('.message-list .day', { hasText: 'Today' }).first().waitFor();

    await say(alice, 'an answer');
    await say(bob, 'group four');
    await bubble(alice, 'group four').waitFor();
    expect(await continued('group four')).toBe(false); // someone else spoke in between
    expect(await accessibilityProblems(alice)).toEqual([]);
  }, 60_000);

  it('keeps a thread reply out of the main timeline, counting it on its root', async () => {
    await say(alice, 'thread root');
    await bubble(bob, 'thread root').waitFor();
    const root = (await api(names.bob, 'GET', `/rooms/${roomId}/messages?limit=1`)).results as { id: string; content: string }[];
    expect(root[0].content).toBe('thread root');
    await api(names.bob, 'POST', `/rooms/${roomId}/messages`, { content: 'reply in thread', thread_root_id: root[0].id });
    await say(bob, 'after the thread reply'); // seqs arrive in order: the reply came before this one
    for (const page of [alice, bob]) {
      await bubble(page, 'after the thread reply').waitFor();
      await bubble(page, 'thread root').getByText('1 reply in thread').waitFor();
      expect(await messageTexts(page)).not.toContain('reply in thread');
    }
  }, 60_000);

  it('updates the other person’s sidebar preview and unread badge when a message is deleted or edited', async () => {
    await roomLink(bob).click();
    await bob.getByRole('heading', { name: 'Live room', level: 1 }).waitFor();
    await roomLink(bob).locator('.badge').waitFor({ state: 'detached' }); // everything read
    await bob.getByRole('link', { name: 'Parley' }).click(); // the room is no longer open: new messages stay unread
    await bob.getByRole('heading', { name: `Welcome, ${names.bob}` }).waitFor();

    await say(alice, 'my password is hunter2 oops');
    await roomLink(bob).filter({ hasText: 'my password is hunter2 oops' }).waitFor();
    await roomLink(bob).getByLabel('1 unread').waitFor();
    await alice.getByRole('button', { name: 'Delete message: my password is hunter2 oops' }).click();
    await alice.getByRole('group', { name: 'Confirm delete' }).getByRole('button', { name: 'Delete' }).click();
    await roomLink(bob).filter({ hasText: 'Message deleted' }).waitFor();
    await roomLink(bob).getByLabel('1 unread').waitFor({ state: 'detached' });
    expect(await roomLink(bob).textContent()).not.toContain('hunter2');

    await say(alice, 'see you at 9');
    await roomLink(bob).filter({ hasText: 'see you at 9' }).waitFor();
    await alice.getByRole('button', { name: 'Edit message: see you at 9' }).click();
    await alice.getByRole('textbox', { name: 'Edit message' }).fill('see you at 10');
    await alice.getByRole('button', { name: 'Save' }).click();
    await roomLink(bob).filter({ hasText: 'see you at 10' }).waitFor();
    await roomLink(bob).getByLabel('1 unread').waitFor();
    expect(await accessibilityProblems(bob)).toEqual([]);
  }, 60_000);

  it('shows the sidebar preview as plain text on one line, whatever the formatting', async () => {
    await api(names.alice, 'POST', `/rooms/${roomId}/messages`, {
      content: '**Deploy** `v2` to [staging](https://example.com)\n_today_ ```\nmake ship\n```',
    });
    const preview = roomLink(bob).locator('.room-link__preview');
    await preview.filter({ hasText: 'Deploy v2 to staging today make ship' }).waitFor();
    expect(await preview.textContent()).toBe(`${names.alice}: Deploy v2 to staging today make ship`);
  }, 60_000);

  it('shows a new display name live in the members panel and on the messages (user:updated)', async () => {
    await roomLink(bob).click();
    await bob.getByRole('heading', { name: 'Live room', level: 1 }).waitFor();
    await bob.getByRole('button', { name: /^Members \(/ }).click();
    const members = bob.getByRole('list', { name: 'Room members' });
    await members.getByText(names.alice, { exact: true }).waitFor();
    await api(names.alice, 'PATCH', '/users/me', { display_name: 'Alice Renamed' });
    await members.getByText('Alice Renamed', { exact: true }).waitFor();
    await bob.locator('.message-list').getByText('Alice Renamed', { exact: true }).first().waitFor();
    await roomLink(bob)
      .locator('.room-link__preview')
      .filter({ hasText: /^Alice Renamed: / })
      .waitFor(); // her last message
    await api(names.alice, 'PATCH', '/users/me', { display_name: names.alice });
    await members.getByText(names.alice, { exact: true }).waitFor();
  }, 60_000);

  it('shows a new display name live in the thread, pins and search panels too (user:updated)', async () => {
    // Bob is in Live room from the test before. Alice wrote "thread root" and "see you at 10".
    const rename = (display_name: string) => api(names.alice, 'PATCH', '/users/me', { display_name });
    const author = (panel: string, name: string) =>
      bob
        .locator(panel)
        .locator('.message__author', { hasText: new RegExp(`^${name}$`) })
        .first();

    await bob.getByRole('button', { name: 'Thread of message: thread root' }).click();
    const thread = bob.getByRole('complementary', { name: 'Thread' });
    await thread.getByRole('log', { name: 'Replies' }).getByText('reply in thread').waitFor();
    await author('#thread', names.alice).waitFor(); // the root's sender
    await rename('Alice In Thread');
    await author('#thread', 'Alice In Thread').waitFor();
    await thread.getByRole('button', { name: 'Close thread' }).click();

    const history = (await api(names.bob, 'GET', `/rooms/${roomId}/messages?limit=50`)).results as { id: string; content: string }[];
    const pinnedId = history.find((m) => m.content === 'see you at 10')!.id;
    await api(names.alice, 'PUT', `/rooms/${roomId}/pins/${pinnedId}`);
    await bob.getByRole('button', { name: 'Pinned' }).click();
    await bob.getByRole('list', { name: 'Pinned messages' }).getByText('see you at 10').waitFor();
    await author('#pins', 'Alice In Thread').waitFor();
    await rename('Alice In Pins');
    await author('#pins', 'Alice In Pins').waitFor();
    await bob.getByRole('button', { name: 'Close pinned messages' }).click();

    await bob.getByRole('button', { name: 'Search in room' }).click();
    const box = bob.getByRole('searchbox', { name: 'Words to find in this room' });
    await box.fill('see you');
    await box.press('Enter');
    await bob.getByRole('list', { name: 'Matches in this room' }).getByRole('button').first().waitFor();
    await author('#search', 'Alice In Pins').waitFor();
    await rename('Alice In Search');
    await author('#search', 'Alice In Search').waitFor();
    expect(await bob.locator('#search .message__author', { hasText: 'Alice In Pins' }).count()).toBe(0);
    await rename(names.alice);
    await author('#search', names.alice).waitFor();
    await box.press('Escape');
  }, 60_000);

  it('lists a room made with me in it at once, without a reload (room:created)', async () => {
    const bobId = String((await api(names.bob, 'GET', '/users/me')).id);
    await api(names.alice, 'POST', '/rooms', { name: 'Made for Bob', room_type: 'GROUP', visibility: 'private', participants: [bobId] });
    // The room list has no poll: only the event can bring it.
    await bob.getByRole('link', { name: /Made for Bob/ }).waitFor({ timeout: 10_000 });
  }, 60_000);
});
