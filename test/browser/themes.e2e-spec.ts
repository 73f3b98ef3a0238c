import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import {
  axeViolations,
  browserSuiteEnabled,
  closeBrowserSuite,
  launchChromium,
  register,
  saveArtifacts,
  startBrowserServer,
} from '../support/browser';
import { bubble, openRoom, restAs, say } from '../support/browser-messages';
import { SpecApi } from '../support/browser-api';
import type { ServerProcess } from '../support/server-process';

/**
 * Light and dark themes in the web app: the system's preference by default (Chromium's emulated
 * prefers-color-scheme), applied before the first paint; the top bar's choice switches at once, in
 * every tab of the browser, and lasts across reloads; axe-core finds no violation (colour contrast
 * included) on the sign-in view, a room with reactions, an image and a thread, and a dialog, in both themes, and on the
 * members panel, room settings, the emoji picker and the admin console in dark.
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;
if (!process.env.NO_RETRY) jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-themes');
const ADMIN = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-for-tests', ADMIN_EMAIL: 'root@example.com' };
const PASSWORD = 'a-good-password';
const DARK_BG = 'rgb(18, 21, 28)'; // --bg of each theme (clients/react/src/theme.css)
const LIGHT_BG = 'rgb(244, 246, 250)';

/** The theme on <html> when <body> was first parsed (an init script: it runs whatever the page's CSP), and now. (Strings: these run in the page.) */
const FIRST_PAINT_PROBE = `new MutationObserver((_, observer) => {
  if (!document.body) return;
  window.themeAtBody = document.documentElement.getAttribute('data-theme');
  observer.disconnect();
}).observe(document, { childList: true, subtree: true });`;
const themeAtBody = (page: Page) => page.evaluate<string | null>('window.themeAtBody');
const background = (page: Page) => page.evaluate<string>('getComputedStyle(document.documentElement).backgroundColor');
const backgroundOf = (page: Page, selector: string) =>
  page.evaluate<string>(`getComputedStyle(document.querySelector(${JSON.stringify(selector)})).backgroundColor`);

suite('light and dark themes in the web app', () => {
  let server: ServerProcess;
  let browser: Browser;
  let alice: Page; // her system prefers dark
  let bob: Page; // his prefers light
  const contexts: BrowserContext[] = [];
  const stamp = Date.now() % 100000;
  const names = { alice: `alice${stamp}`, bob: `bob${stamp}` };
  let roomId: string;

  async function personIn(colorScheme: 'dark' | 'light'): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1200, height: 800 }, colorScheme });
    contexts.push(context);
    await context.addInitScript({ content: FIRST_PAINT_PROBE });
    return context.newPage();
  }

  beforeAll(async () => {
    ({ server } = await startBrowserServer(ADMIN));
    browser = await launchChromium();
    [alice, bob] = await Promise.all([personIn('dark'), personIn('light')]);
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { alice, bob }, server));
  afterAll(() => closeBrowserSuite(contexts, browser, server));

  it('follows the system preference from the first paint; the sign-in view has no axe violation in either theme', async () => {
    await Promise.all([alice.goto('/'), bob.goto('/')]);
    await Promise.all([alice.getByRole('button', { name: 'Sign in' }).waitFor(), bob.getByRole('button', { name: 'Sign in' }).waitFor()]);
    expect([await themeAtBody(alice), await background(alice)]).toEqual(['dark', DARK_BG]);
    expect([await themeAtBody(bob), await background(bob)]).toEqual(['light', LIGHT_BG]);
    expect(await backgroundOf(alice, '.signin')).toBe('rgb(28, 33, 43)'); // --panel, dark
    expect(await axeViolations(alice)).toEqual([]);
    expect(await axeViolations(bob)).toEqual([]);
  }, 60_000);

  it('a room with messages, a reaction, an image and a thread, and a dialog: no axe violation in dark or light', async () => {
    await Promise.all([register(alice, names.alice), register(bob, names.bob)]);
    const api = restAs(server.url);
    const tokens = new SpecApi(() => server.url, PASSWORD);
    const bobId = await tokens.userId(names.alice, names.bob);
    const room = await api<{ id: string }>(names.alice, 'POST', '/rooms', { name: 'Night shift', room_type: 'GROUP', participants: [bobId] });
    roomId = room.id;
    const photo = await sharp({ create: { width: 320, height: 200, channels: 3, background: '#2f6f4f' } })
      .png()
      .toBuffer();
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(photo)], { type: 'image/png' }), 'lamp.png');
    const upload = await fetch(`${server.url}/api/v1/uploads`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${await tokens.token(names.bob)}` },
      body: form,
    });
    expect(upload.status).toBe(201);
    const { id: uploadId } = (await upload.json()) as { id: string };
    const first = await api<{ id: string }>(names.bob, 'POST', `/rooms/${roomId}/messages`, {
      content: 'the **lamp** by the `door`',
      attachments: [uploadId],
    });
    await api(names.alice, 'PUT', `/rooms/${roomId}/messages/${first.id}/reactions/${encodeURIComponent('👍')}`);
    await api(names.alice, 'POST', `/rooms/${roomId}/messages`, { content: `@${names.bob} thanks, see the thread`, reply_to_id: first.id });
    await api(names.bob, 'POST', `/rooms/${roomId}/messages`, { content: 'on it', thread_root_id: first.id });

    await Promise.all([openRoom(alice, roomId, 'Night shift'), openRoom(bob, roomId, 'Night shift')]);
    await say(bob, 'anyone still here?'); // live, from the light side to the dark one
    await bubble(alice, 'anyone still here?').waitFor();
    for (const page of [alice, bob]) {
      await page.getByRole('button', { name: 'View image lamp.png' }).locator('img').waitFor();
      await page.getByRole('button', { name: /^thumbs up: 1/ }).waitFor();
    }
    expect(await background(alice)).toBe(DARK_BG);
    expect(await axeViolations(alice)).toEqual([]);
    expect(await axeViolations(bob)).toEqual([]);

    await alice.getByRole('button', { name: /^Thread of message: the .*lamp/ }).click();
    await alice.getByRole('complementary', { name: 'Thread' }).getByText('on it').waitFor();
    expect(await axeViolations(alice)).toEqual([]);

    await alice.getByRole('button', { name: 'New room' }).click();
    const dialog = alice.getByRole('dialog', { name: 'New conversation' });
    await dialog.getByRole('textbox').first().waitFor();
    expect(await backgroundOf(alice, 'dialog[open]')).toBe('rgb(28, 33, 43)');
    expect(await axeViolations(alice)).toEqual([]);
    await alice.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  }, 90_000);

  it('the top bar switches the theme at once, in every tab of the browser, and keeps it across a reload', async () => {
    const theme = (page: Page) => page.getByRole('combobox', { name: 'Theme' });
    expect(await theme(alice).inputValue()).toBe('system');
    const aliceTab = await alice.context().newPage();
    await openRoom(aliceTab, roomId, 'Night shift');
    expect(await background(aliceTab)).toBe(DARK_BG);

    await theme(alice).selectOption('light');
    expect(await background(alice)).toBe(LIGHT_BG);
    await aliceTab.waitForFunction(`document.documentElement.getAttribute('data-theme') === 'light'`); // the other tab follows
    expect(await background(aliceTab)).toBe(LIGHT_BG);
    await aliceTab.close();

    await alice.reload();
    await alice.getByRole('heading', { name: 'Night shift', level: 1 }).waitFor();
    expect([await themeAtBody(alice), await background(alice), await theme(alice).inputValue()]).toEqual(['light', LIGHT_BG, 'light']);

    await theme(alice).selectOption('system'); // back to the system's dark
    expect(await background(alice)).toBe(DARK_BG);
    expect(await alice.evaluate(`localStorage.getItem('parley.theme')`)).toBeNull();

    await theme(bob).selectOption('dark'); // against his system's light
    expect(await background(bob)).toBe(DARK_BG);
    await bob.reload();
    await bob.getByRole('heading', { name: 'Night shift', level: 1 }).waitFor();
    expect([await themeAtBody(bob), await background(bob)]).toEqual(['dark', DARK_BG]);
    expect(await axeViolations(bob)).toEqual([]);
  }, 60_000);

  it('the members panel, room settings, the emoji picker and the admin console have no axe violation in dark', async () => {
    await alice.getByRole('button', { name: /^Members/ }).click();
    await alice
      .getByRole('button', { name: /^Manage / })
      .first()
      .click();
    await alice.getByRole('group', { name: /^Actions for / }).waitFor();
    expect(await axeViolations(alice)).toEqual([]);

    await alice.getByRole('button', { name: 'Room settings' }).click();
    await alice.getByRole('dialog', { name: 'Room settings' }).getByRole('heading', { name: 'Settings', exact: true }).waitFor();
    expect(await axeViolations(alice)).toEqual([]);
    await alice.keyboard.press('Escape');
    await alice.getByRole('dialog', { name: 'Room settings' }).waitFor({ state: 'detached' });

    await bubble(alice, 'anyone still here?').getByRole('button', { name: 'React to message: anyone still here?' }).click();
    await alice
      .getByRole('dialog', { name: /^Reactions for/ })
      .getByRole('button', { name: 'thumbs up' })
      .waitFor();
    expect(await axeViolations(alice)).toEqual([]);
    await alice.keyboard.press('Escape');

    const root = await personIn('dark');
    await root.goto('/');
    await root.getByLabel('Username or email').fill(ADMIN.ADMIN_USERNAME);
    await root.getByLabel('Password').fill(ADMIN.ADMIN_PASSWORD);
    await root.getByRole('button', { name: 'Sign in' }).click();
    await root.getByRole('link', { name: 'Admin', exact: true }).click();
    await root.getByRole('link', { name: 'API keys' }).click();
    await root.getByLabel('Name').fill('Night batch');
    await root.getByLabel(/users: create/).check();
    await root.getByRole('button', { name: 'Create key' }).click();
    await root.locator('.secret').waitFor(); // the secret shown once, on its own colours
    expect(await background(root)).toBe(DARK_BG);
    expect(await axeViolations(root)).toEqual([]);
  }, 60_000);
});
