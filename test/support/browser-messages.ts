import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { register } from './browser';
import { SpecApi } from './browser-api';

/** Shared by the message-feature browser specs (attachments, reactions and threads, mentions and pins). */
export const PASSWORD = 'a-good-password';

/** REST calls as a user, outside the browser (SpecApi: one login per user, kept); a call that must succeed. */
export function restAs(baseUrl: string) {
  const api = new SpecApi(() => baseUrl, PASSWORD);
  return async <T = Record<string, unknown>>(username: string, method: string, path: string, body?: unknown): Promise<T> =>
    ((await api.ok(username, method, path, body)) ?? {}) as T;
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

export { axeViolations } from './browser';

/**
 * Opens a room by its address and waits for its heading.
 */
export async function openRoom(page: Page, roomId: string, name: string): Promise<void> {
  await page.goto(`/rooms/${roomId}`);
  await page.getByRole('heading', { name, level: 1 }).waitFor();
}
