import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  axeViolations,
  browserSuiteEnabled,
  closeBrowserSuite,
  freePort,
  launchChromium,
  saveArtifacts,
  startBrowserServer,
} from '../support/browser';
import type { ServerProcess } from '../support/server-process';

/**
 * @parley/react embedded in another site's page (clients/react/example, built with Vite and served from an
 * origin of its own, listed in CORS_ORIGINS): a bearer token and a room id, the room live in the page both ways.
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;

jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-embed');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** The host site: the example's static files. */
function serveStatic(dir: string, port: number): Promise<Server> {
  const site = createServer((req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname)).replace(/^(\.\.[/\\])+/, '');
    const file = path === '/' ? 'index.html' : path;
    try {
      const body = readFileSync(join(dir, file));
      res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => site.listen(port, '127.0.0.1', () => resolve(site)));
}

suite('@parley/react embedded in a page', () => {
  let server: ServerProcess;
  let site: Server;
  let siteUrl = '';
  let browser: Browser;
  let page: Page;
  const contexts: BrowserContext[] = [];
  const out = mkdtempSync(join(tmpdir(), 'parley-embed-'));
  const stamp = Date.now() % 100000;
  let roomId = '';
  let alice = { access_token: '', expires_in: 0 };
  let bob = { access_token: '' };

  beforeAll(async () => {
    const build = spawnSync(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--config', 'clients/react/example/vite.config.ts', '--outDir', out, '--logLevel', 'warn'],
      { encoding: 'utf8', env: { ...process.env, NODE_ENV: 'production' } },
    );
    if (build.status !== 0) throw new Error(`example build failed:\n${build.stdout}${build.stderr}`);
    const port = await freePort();
    siteUrl = `http://127.0.0.1:${port}`;
    site = await serveStatic(out, port);
    ({ server } = await startBrowserServer({ CORS_ORIGINS: siteUrl }));
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
    contexts.push(context);
    page = await context.newPage();
    // Through the API: two people, a room, a first message. Alice reads it in the embedding page.
    alice = await registerUser(`alice${stamp}`);
    bob = await registerUser(`bob${stamp}`);
    const room = await api<{ id: string }>(alice.access_token, 'POST', '/rooms', { room_type: 'GROUP', name: 'Math 101', visibility: 'public' });
    roomId = room.id;
    await api(bob.access_token, 'POST', `/rooms/${roomId}/join`);
    await api(alice.access_token, 'POST', `/rooms/${roomId}/messages`, { content: 'Welcome to the discussion' });
  }, 180_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { page }, server));
  afterAll(async () => {
    await closeBrowserSuite(contexts, browser, server);
    await new Promise((resolve) => site?.close(resolve));
    rmSync(out, { recursive: true, force: true });
  });

  async function api<T>(token: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', ...(token && { Authorization: `Bearer ${token}` }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  const registerUser = (username: string) =>
    api<{ access_token: string; expires_in: number }>('', 'POST', '/auth/register', {
      username,
      email: `${username}@example.com`,
      password: 'a-good-password',
    });
  const composer = () => page.getByRole('textbox', { name: 'Message', exact: true });
  const bubble = (text: string) => page.locator('#chat .message__body', { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });

  it('shows the room from a bearer token, with no accessibility violations', async () => {
    const fragment = new URLSearchParams({
      server: server.url,
      token: alice.access_token,
      room: roomId,
      expires_at: String(Date.now() + alice.expires_in * 1000),
    });
    await page.goto(`${siteUrl}/#${fragment}`);
    await page.getByRole('heading', { name: 'Week 3: Limits' }).waitFor(); // the host page's own content
    await page.locator('#chat').getByRole('heading', { name: 'Math 101' }).waitFor();
    await bubble('Welcome to the discussion').waitFor();
    // The page's own search of the discussion (a SearchPanel outside Room) does not take the focus on load.
    await page.getByRole('complementary', { name: 'Search the discussion' }).waitFor();
    expect(await page.evaluate<boolean>(`document.activeElement?.closest('#find') != null`)).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);

  it('shows a message sent through the API live, and sends one typed in the composer', async () => {
    await api(bob.access_token, 'POST', `/rooms/${roomId}/messages`, { content: 'Is exercise 4 due Friday?' });
    await bubble('Is exercise 4 due Friday?').waitFor();

    // Keyboard only: into the composer, type, Enter.
    await composer().focus();
    await page.keyboard.type('Yes, Friday at noon');
    await page.keyboard.press('Enter');
    await bubble('Yes, Friday at noon').waitFor();
    const history = await api<{ results: { content: string; sender: { username: string } | null }[] }>(
      bob.access_token,
      'GET',
      `/rooms/${roomId}/messages?page_size=10`,
    );
    expect(history.results.map((m) => [m.sender?.username, m.content])).toContainEqual([`alice${stamp}`, 'Yes, Friday at noon']);
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);

  it('searches the discussion with a SearchPanel standing on its own; a hit opens the room at that message', async () => {
    // Older than the room's first page (after a reload): opening it has to page back.
    for (let i = 0; i < 35; i += 1) await api(alice.access_token, 'POST', `/rooms/${roomId}/messages`, { content: `note ${i}` });
    await page.reload();
    await bubble('note 34').waitFor();
    expect(await bubble('Is exercise 4 due Friday?').count()).toBe(0);
    const find = page.getByRole('complementary', { name: 'Search the discussion' });
    const box = find.getByRole('searchbox', { name: 'Words to find in this room' });
    await box.focus(); // keyboard only from here
    await page.keyboard.type('exercises due');
    await page.keyboard.press('Enter');
    const hit = find.getByRole('list', { name: 'Matches in this room' }).getByRole('button').first();
    await hit.waitFor();
    expect(await find.getByRole('status').textContent()).toBe('1 result.');
    expect(await hit.locator('mark').allTextContents()).toEqual(['exercise', 'due']);
    expect(await hit.textContent()).toContain(`bob${stamp}`);
    expect(await axeViolations(page, '#find')).toEqual([]);

    await page.keyboard.press('Tab'); // from the box to its Search button
    await page.keyboard.press('Tab'); // to the hit
    expect(await hit.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    const target = page.locator('#chat .message--target', { has: page.locator('.message__body', { hasText: 'Is exercise 4 due Friday?' }) });
    await target.waitFor();
    await page.waitForFunction(`document.activeElement?.classList.contains('message--target') === true`);
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);

  it('opens the members beside the room, and the page restyles it through CSS variables', async () => {
    await page.getByRole('button', { name: /Members/ }).click();
    await page.getByRole('list', { name: 'Room members' }).getByText(`bob${stamp}`, { exact: true }).waitFor();
    // No navigate given: names are text, not links to the web app's profile pages.
    expect(await page.locator('#chat .member a').count()).toBe(0);
    await page.getByRole('button', { name: 'Close members' }).click();
    // The host page sets --accent on the element around the components (example/index.html): the buttons take it.
    const send = await page.evaluate<string>(`getComputedStyle(document.querySelector('#chat .composer button[type=submit]')).backgroundColor`);
    expect(send).toBe('rgb(107, 45, 143)');
    expect(await axeViolations(page)).toEqual([]);
  }, 60_000);
});
