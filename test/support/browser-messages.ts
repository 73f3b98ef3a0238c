import axe from 'axe-core';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { register } from './browser';

/** Shared by the message-feature browser specs (attachments, reactions and threads, mentions and pins). */
export const PASSWORD = 'a-good-password';

/** REST calls as a user, outside the browser: one login per user, kept. */
export function restAs(baseUrl: string) {
  const tokens = new Map<string, string>();
  async function token(username: string): Promise<string> {
    if (!tokens.has(username)) {
      const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ login: username, password: PASSWORD }),
      });
      tokens.set(username, ((await login.json()) as { access_token: string }).access_token);
    }
    return tokens.get(username)!;
  }
  return async function api<T = Record<string, unknown>>(username: string, method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await token(username)}` },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300) throw new Error(`${method} ${path} as ${username}: ${res.status} ${await res.text()}`);
    return (res.status === 204 ? {} : await res.json()) as T;
  };
}

/** Two people (or more), each in a browser context of their own, registered through the form. */
export async function people(browser: Browser, baseUrl: string, usernames: string[], contexts: BrowserContext[]): Promise<Page[]> {
  return Promise.all(
    usernames.map(async (username) => {
      const context = await browser.newContext({ baseURL: baseUrl, viewport: { width: 1200, height: 800 } });
      contexts.push(context);
      const page = await context.newPage();
      await register(page, username);
      return page;
    }),
  );
}

/** The composer of the room (not a thread's). */
export const composer = (page: Page): Locator => page.getByRole('textbox', { name: 'Message', exact: true });

export async function say(page: Page, text: string): Promise<void> {
  await composer(page).fill(text);
  await composer(page).press('Enter');
}

/** The texts of the room's timeline (not a side panel's), in order. */
export const timelineTexts = (page: Page): Promise<string[]> =>
  page.getByRole('log', { name: 'Messages' }).locator('.message__body').allTextContents();

/** A message in the room's timeline whose text is exactly `text`. */
export const bubble = (page: Page, text: string): Locator =>
  page
    .getByRole('log', { name: 'Messages' })
    .locator('.message', { has: page.locator('.message__body', { hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });

/** Every axe-core violation, of any impact, inside `selector` (the new panels and dialogs must have none). */
export async function axeViolations(page: Page, selector: string): Promise<string[]> {
  await page.evaluate(axe.source);
  const result = (await page.evaluate(`axe.run(${JSON.stringify(selector)}, { resultTypes: ['violations'] })`)) as axe.AxeResults;
  return result.violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`);
}

/**
 * Opens a room by its address and waits for its heading. (A room someone else made
 * with you in it reaches your sidebar only on the next load: Parley sends no event for it.)
 */
export async function openRoom(page: Page, roomId: string, name: string): Promise<void> {
  await page.goto(`/rooms/${roomId}`);
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}
