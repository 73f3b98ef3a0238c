import axe from 'axe-core';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import playwright from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ServerProcess, startServer } from './server-process';
import { createTestDatabase } from './test-database';

/** The machine's Chromium (Debian's `chromium` package), or CHROMIUM_PATH. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Whether the browser suite runs: always under CI=true (a missing Chromium is
 * then a failure, not a skip); elsewhere only when Chromium is installed, and
 * the skip is said out loud.
 */
export function browserSuiteEnabled(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true') return true; // launch() fails below: CI must not skip the browser suite
  console.warn(
    `Browser suite SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH). Under CI=true it runs and fails instead.`,
  );
  return false;
}

export function launchChromium(): Promise<Browser> {
  assertChromium();
  return playwright.chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export function assertChromium(): void {
  if (!existsSync(CHROMIUM))
    throw new Error(`CI=true needs Chromium for the browser suite, and ${CHROMIUM} is missing (.ci/run installs it with apt-get)`);
}

/** Headless, and nothing that reaches for the network this machine does not have. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * axe-core in the page, within `selector` (the whole document by default): every violation, of any impact.
 * The bar for the settings, members, moderation, admin and message-feature views and their dialogs.
 */
export async function axeViolations(page: Page, selector = 'document'): Promise<string[]> {
  return (await axeRun(page, selector)).map(describeViolation);
}

/** axe-core in the page: the serious and critical violations (none is the bar for the older views). */
export async function accessibilityProblems(page: Page): Promise<string[]> {
  return (await axeRun(page, 'document')).filter((v) => v.impact === 'serious' || v.impact === 'critical').map(describeViolation);
}

async function axeRun(page: Page, selector: string): Promise<axe.Result[]> {
  await page.evaluate(axe.source); // through the debugger protocol: the page's CSP (no inline scripts) stays on
  const context = selector === 'document' ? 'document' : JSON.stringify(selector);
  return ((await page.evaluate(`axe.run(${context}, { resultTypes: ['violations'] })`)) as axe.AxeResults).violations;
}

const describeViolation = (v: axe.Result) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`;

/** The texts of the message bubbles on a page, in display order (stored and pending). */
export function messageTexts(page: Page): Promise<string[]> {
  return page.locator('.message-list .message__body').allTextContents();
}

/** Registers through the sign-up form (password `a-good-password`) and waits until signed in. */
export async function register(page: Page, username: string): Promise<void> {
  if (!page.url().startsWith('http')) await page.goto('/');
  await page.getByRole('button', { name: 'Create an account' }).click();
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Email').fill(`${username}@example.com`);
  await page.getByLabel('Password').fill('a-good-password');
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor(); // (the welcome screen is hidden at phone width)
}

/** Polls `check` until it holds (a bounded loop, for states no event announces). */
export async function waitUntil(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * What the browser specs run against: the web app built, a fresh database and a Parley process with the
 * suite's settings (`extra` added). `env` starts the same server again after a restart.
 */
export async function startBrowserServer(extra: Record<string, string> = {}): Promise<{ server: ServerProcess; env: Record<string, string> }> {
  const build = spawnSync(process.execPath, ['scripts/web-build.cjs'], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`web build failed:\n${build.stdout}${build.stderr}`);
  const database = await createTestDatabase();
  const env = {
    PORT: String(await freePort()),
    DATABASE_URL: database.url,
    DATA_DIR: mkdtempSync(join(tmpdir(), 'parley-browser-')),
    JWT_SECRET: 'browser-suite-secret-that-is-long-enough-0123456789',
    LOG_LEVEL: 'info', // startServer waits for the 'Listening on' line
    THROTTLE_AUTH_IP_LIMIT: '1000',
    SOCKET_RATE_LIMIT: '1000',
    ...extra,
  };
  return { server: await startServer(env), env };
}

/** What each page showed at the end of a test, and the server's log: for reading a failure. */
export async function saveArtifacts(dir: string, pages: Record<string, Page | undefined>, server: ServerProcess | undefined): Promise<void> {
  const name = expect.getState().currentTestName?.replace(/\W+/g, '-').slice(0, 60) ?? 'test';
  mkdirSync(dir, { recursive: true });
  for (const [who, page] of Object.entries(pages)) await page?.screenshot({ path: join(dir, `${name}-${who}.png`) }).catch(() => undefined);
  writeFileSync(join(dir, 'server.log'), server?.output() ?? '');
}

export async function closeBrowserSuite(contexts: BrowserContext[], browser: Browser | undefined, server: ServerProcess | undefined): Promise<void> {
  for (const context of contexts) await context.close().catch(() => undefined);
  await browser?.close();
  await server?.stop();
}
