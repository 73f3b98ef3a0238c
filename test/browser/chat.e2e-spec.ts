import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import {
  accessibilityProblems,
  browserSuiteEnabled,
  launchChromium,
  messageTexts,
  register,
  waitUntil,
  closeBrowserSuite,
  saveArtifacts,
  startBrowserServer,
} from '../support/browser';
import { ServerProcess, startServer } from '../support/server-process';

/**
 * The web app in a real Chromium, two people in two browser contexts, against a
 * real Parley process (restarted in the middle). Access tokens live 12 s so
 * renewals happen throughout.
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;

// Two browsers, a server process and PostgreSQL on 2 shared cores: a step can miss its 30 s wait
// under load. A scenario that fails is run once more (and its first failure is printed).
jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser');

suite('web app in Chromium', () => {
  let server: ServerProcess;
  let env: Record<string, string>;
  let browser: Browser;
  let alice: Page;
  let bob: Page;
  const contexts: BrowserContext[] = [];
  const names = { alice: `alice${Date.now() % 100000}`, bob: `bob${Date.now() % 100000}`, carol: `carol${Date.now() % 100000}` };
  let roomUrl = '';

  beforeAll(async () => {
    ({ server, env } = await startBrowserServer({ JWT_ACCESS_TTL: '12s' }));
    browser = await launchChromium();
    [alice, bob] = await Promise.all([newPage(), newPage()]);
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { alice, bob }, server));
  afterAll(() => closeBrowserSuite(contexts, browser, server));

  async function newPage(viewport = { width: 1100, height: 760 }): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, viewport });
    contexts.push(context);
    return context.newPage();
  }

  const composer = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });

  it('registers and signs in, with no serious accessibility problems on the sign-in screen', async () => {
    await alice.goto('/');
    expect(await accessibilityProblems(alice)).toEqual([]);
    await register(alice, names.alice);
    await register(bob, names.bob);
    await bob.getByRole('button', { name: 'Sign out' }).click();
    await bob.getByLabel('Username or email').fill(names.bob);
    await bob.getByLabel('Password').fill('a-good-password');
    await bob.getByRole('button', { name: 'Sign in' }).click();
    await bob.getByRole('heading', { name: `Welcome, ${names.bob}` }).waitFor();
  }, 60_000);

  it('creates a private room and invites; the invitee accepts', async () => {
    await alice.getByRole('button', { name: 'New room' }).click();
    await alice.getByLabel('Room name').fill('Project Apollo');
    await alice.getByRole('button', { name: 'Create room' }).click();
    await alice.getByRole('heading', { name: 'Project Apollo' }).waitFor();
    roomUrl = new URL(alice.url()).pathname;
    await alice.getByRole('button', { name: /Members/ }).click();
    await alice.getByLabel('Invite by username').fill(names.bob);
    await alice.getByRole('button', { name: 'Invite', exact: true }).click();
    await alice.getByText(`Invited ${names.bob}.`).waitFor();
    expect(await accessibilityProblems(alice)).toEqual([]);
    await alice.getByRole('button', { name: 'Close members' }).click();

    await bob.getByRole('link', { name: /Invitations/ }).click();
    await bob.getByRole('button', { name: 'Accept invitation to Project Apollo' }).click();
    await bob.waitForURL((url) => url.pathname === roomUrl);
    await bob.getByRole('heading', { name: 'Project Apollo', level: 1 }).waitFor();
    await bob.getByRole('link', { name: /Project Apollo/ }).waitFor(); // in Bob's room list too
  }, 60_000);

  it('exchanges messages both ways with typing, read receipts, edits and deletes', async () => {
    await composer(alice).fill('Hi Bob');
    await bob.getByText(`${names.alice} is typing…`).waitFor();
    await composer(alice).press('Enter');
    await bob.locator('.message__body', { hasText: 'Hi Bob' }).waitFor();
    await alice.getByText(`Seen by ${names.bob}`).waitFor(); // Bob has the room open: read at once

    await composer(bob).fill('Hello Alice');
    await alice.getByText(`${names.bob} is typing…`).waitFor();
    await composer(bob).press('Enter');
    await alice.locator('.message__body', { hasText: 'Hello Alice' }).waitFor();
    await bob.getByText(`Seen by ${names.alice}`).waitFor();

    await alice.getByRole('button', { name: 'Edit message: Hi Bob' }).click();
    await alice.getByRole('textbox', { name: 'Edit message' }).fill('Hi Bob, welcome aboard');
    await alice.getByRole('button', { name: 'Save' }).click();
    await bob.locator('.message__body', { hasText: 'Hi Bob, welcome aboard' }).waitFor();
    await composer(alice).fill('a typo');
    await composer(alice).press('Enter');
    await alice.getByRole('button', { name: 'Delete message: a typo' }).click();
    await alice.getByRole('group', { name: 'Confirm delete' }).getByRole('button', { name: 'Delete' }).click();
    await bob.getByRole('log', { name: 'Messages' }).getByText('Message deleted').waitFor();
    expect(await accessibilityProblems(bob)).toEqual([]);
  }, 60_000);

  it('loses and doubles nothing while the server restarts and Alice keeps typing', async () => {
    const sent: string[] = [];
    const say = async (text: string) => {
      await composer(alice).fill(text);
      await composer(alice).press('Enter');
      sent.push(text);
    };
    for (let i = 0; i < 3; i += 1) await say(`restart ${i}`);
    const stopped = server.stop();
    for (let i = 3; i < 6; i += 1) await say(`restart ${i}`); // typed while the server goes down
    await stopped;
    await alice.getByText(/Reconnecting/).waitFor();
    for (let i = 6; i < 9; i += 1) await say(`restart ${i}`); // typed while it is down
    server = await startServer(env);
    for (let i = 9; i < 12; i += 1) await say(`restart ${i}`);

    const restarted = (texts: string[]) => texts.filter((t) => t.startsWith('restart '));
    for (const page of [alice, bob]) {
      await waitUntil(
        async () => restarted(await messageTexts(page)).length >= sent.length && (await page.getByText('Sending…').count()) === 0,
        60_000,
      );
      expect(restarted(await messageTexts(page))).toEqual(sent);
    }
    // And after a reload (history from the server), still once each, in order.
    await bob.reload();
    await bob.getByRole('heading', { name: 'Project Apollo' }).waitFor();
    await waitUntil(async () => restarted(await messageTexts(bob)).length >= sent.length, 20_000);
    expect(restarted(await messageTexts(bob))).toEqual(sent);
  }, 120_000);

  it('renews expiring tokens without any visible interruption', async () => {
    await alice
      .getByText(/Reconnecting/)
      .waitFor({ state: 'detached' })
      .catch(() => undefined);
    await waitUntil(async () => ((await alice.locator('.connection').textContent()) ?? '') === '', 20_000);
    // Record anything the connection banner ever says from here on.
    await alice.evaluate(`{
      window.bannerTexts = [];
      const banner = document.querySelector('.connection');
      new MutationObserver(() => banner.textContent && window.bannerTexts.push(banner.textContent)).observe(banner, { childList: true, characterData: true, subtree: true });
    }`);
    const tokens = new Set<string>();
    const token = () => alice.evaluate("JSON.parse(localStorage.getItem('parley.tokens') ?? '{}').access_token") as Promise<string>;
    // 12 s tokens renew about every 7 s: 20 s of chatting sees at least two renewals.
    for (let i = 0; i < 10; i += 1) {
      tokens.add(await token());
      const [from, to] = i % 2 ? [bob, alice] : [alice, bob];
      await composer(from).fill(`renewal ${i}`);
      await composer(from).press('Enter');
      await to.locator('.message__body', { hasText: new RegExp(`^renewal ${i}$`) }).waitFor({ timeout: 5_000 });
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
    tokens.add(await token());
    expect(tokens.size).toBeGreaterThanOrEqual(3);
    expect(await alice.evaluate('window.bannerTexts')).toEqual([]);
    expect(await alice.getByRole('alert').count()).toBe(0);
  }, 90_000);

  it('stays signed in when the page is reloaded while a renewal is in flight', async () => {
    // Parley spends Bob's refresh token and answers, but the page never gets the answer: it reloads
    // holding the spent token. That is a retry within JWT_REFRESH_REUSE_GRACE, not a stolen token.
    let spent: () => void = () => undefined;
    const renewalSpent = new Promise<void>((resolve) => (spent = resolve));
    await bob.route('**/api/v1/auth/refresh', async (route) => {
      const answer = await route.fetch();
      expect(answer.status()).toBe(200);
      spent();
    });
    await renewalSpent; // 12 s tokens renew about every 7 s
    await bob.unrouteAll({ behavior: 'ignoreErrors' });
    const nextRenewal = bob.waitForResponse((res) => res.url().endsWith('/api/v1/auth/refresh'), { timeout: 30_000 });
    await bob.reload();
    await bob.getByRole('heading', { name: 'Project Apollo', level: 1 }).waitFor();
    expect((await nextRenewal).status()).toBe(200); // the spent token, presented again, got a new pair
    await composer(bob).fill('still here');
    await composer(bob).press('Enter');
    await alice.locator('.message__body', { hasText: /^still here$/ }).waitFor();
  }, 60_000);

  it('shares the session with a new tab, and both tabs keep working across token renewals', async () => {
    const context = bob.context();
    const spent: string[] = [];
    const onRequest = (request: Request) => {
      if (request.url().endsWith('/api/v1/auth/refresh'))
        spent.push((JSON.parse(request.postData() ?? '{}') as { refresh_token: string }).refresh_token);
    };
    context.on('request', onRequest);
    const renewed = () =>
      context.waitForEvent('response', { predicate: (res) => res.url().endsWith('/api/v1/auth/refresh') && res.status() === 200, timeout: 30_000 });

    const second = await context.newPage();
    await second.goto(roomUrl);
    await second.getByRole('heading', { name: 'Project Apollo', level: 1 }).waitFor(); // signed in: no sign-in form

    // 12 s tokens renew about every 9 s: two renewals, each made by one tab and taken over by the other.
    await renewed();
    await renewed();
    await composer(bob).fill('from the first tab');
    await composer(bob).press('Enter');
    await composer(second).fill('from the second tab');
    await composer(second).press('Enter');
    for (const [page, text] of [
      [alice, 'from the first tab'],
      [alice, 'from the second tab'],
      [second, 'from the first tab'],
      [bob, 'from the second tab'],
    ] as const) {
      await page.locator('.message__body', { hasText: new RegExp(`^${text}$`) }).waitFor();
    }
    context.off('request', onRequest);

    expect(spent.length).toBeGreaterThanOrEqual(2);
    expect(new Set(spent).size).toBe(spent.length); // no refresh token was spent twice (Parley would end the login)
    const stored = (page: Page) => page.evaluate("localStorage.getItem('parley.tokens')");
    expect(await stored(second)).toBe(await stored(bob));
    await second.close();
  }, 90_000);

  it('pages the history upwards, keyset, as the reader scrolls to the top', async () => {
    // Seeded over REST as Alice, with a fresh 12 s token every ten messages (a loaded machine is slow).
    const token = () =>
      fetch(`${server.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ login: names.alice, password: 'a-good-password' }),
      }).then(async (res) => ((await res.json()) as { access_token: string }).access_token);
    const roomId = roomUrl.split('/').pop();
    const history = Array.from({ length: 70 }, (_, i) => `history ${i}`);
    let access = '';
    for (const [i, content] of history.entries()) {
      if (i % 10 === 0) access = await token();
      const res = await fetch(`${server.url}/api/v1/rooms/${roomId}/messages`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${access}` },
        body: JSON.stringify({ content }),
      });
      expect(res.status).toBe(201);
    }
    await bob.reload();
    await bob.getByRole('heading', { name: 'Project Apollo', level: 1 }).waitFor();
    const shown = async () => (await messageTexts(bob)).filter((t) => t.startsWith('history '));
    await waitUntil(async () => (await shown()).length === 30, 10_000); // the newest page only
    for (let pages = 0; pages < 10 && !(await shown()).includes('history 0'); pages += 1) {
      const before = (await shown()).length;
      await bob.locator('.messages').evaluate((el) => el.scrollTo(0, 0));
      await waitUntil(async () => (await shown()).length > before, 10_000);
    }
    expect(await shown()).toEqual(history);
  }, 90_000);

  it('keeps a non-member out of a private room opened by URL, at phone width too', async () => {
    const carol = await newPage({ width: 390, height: 800 });
    await carol.goto('/');
    await register(carol, names.carol);
    await carol.goto(roomUrl);
    await carol.getByRole('alert').filter({ hasText: 'You do not have access to this room.' }).waitFor();
    expect(await messageTexts(carol)).toEqual([]);
    expect(await accessibilityProblems(carol)).toEqual([]);
  }, 60_000);

  it('is usable at phone width: the room fills the screen with a way back', async () => {
    await bob.setViewportSize({ width: 390, height: 800 });
    await expect(bob.getByRole('navigation', { name: 'Rooms' }).isVisible()).resolves.toBe(false);
    await expect(composer(bob).isVisible()).resolves.toBe(true);
    await bob.getByRole('link', { name: 'Rooms', exact: true }).click();
    await bob.getByRole('link', { name: /Project Apollo/ }).waitFor();
    expect(await accessibilityProblems(bob)).toEqual([]);
  }, 60_000);

  it('signs every tab out when one tab signs out', async () => {
    const second = await bob.context().newPage();
    await second.goto('/');
    await second.getByRole('button', { name: 'Sign out' }).click();
    await second.getByRole('button', { name: 'Sign in' }).waitFor();
    await bob.getByRole('button', { name: 'Sign in' }).waitFor();
    await second.close();
  }, 60_000);
});
