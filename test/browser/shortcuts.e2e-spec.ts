import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { browserSuiteEnabled, closeBrowserSuite, launchChromium, saveArtifacts, startBrowserServer } from '../support/browser';
import { axeViolations, bubble, composer, openRoom, people, restAs, say } from '../support/browser-messages';
import type { ServerProcess } from '../support/server-process';

/**
 * The keyboard shortcuts (web/src/shortcuts.ts) in Chromium: Ctrl+K's quick switcher, Alt+Up/Down
 * through the room list, Up in an empty composer to edit my last message, Esc closing the side panel,
 * and `?`'s help dialog, each checked with axe-core.
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;
if (!process.env.NO_RETRY) jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-shortcuts');

suite('keyboard shortcuts in the web app', () => {
  let server: ServerProcess;
  let browser: Browser;
  let alice: Page;
  const contexts: BrowserContext[] = [];
  const stamp = Date.now() % 100000;
  const names = { alice: `alice${stamp}` };
  const rooms: Record<string, string> = {};
  let api: ReturnType<typeof restAs>;

  beforeAll(async () => {
    ({ server } = await startBrowserServer());
    api = restAs(server.url);
    browser = await launchChromium();
    [alice] = await people(browser, server.url, [names.alice], contexts);
    // Made in this order, so the list (newest activity first) reads Gamma, Beta, Alpha.
    for (const name of ['Alpha deck', 'Beta lounge', 'Gamma lab']) {
      rooms[name] = (await api<{ id: string }>(names.alice, 'POST', '/rooms', { name, room_type: 'GROUP' })).id;
    }
    await openRoom(alice, rooms['Beta lounge'], 'Beta lounge');
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { alice }, server));
  afterAll(() => closeBrowserSuite(contexts, browser, server));

  const heading = (page: Page) => page.getByRole('heading', { level: 1 });
  const focused = (locator: Locator) =>
    locator.evaluate((el) => (el as unknown as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement === el);

  it('Ctrl+K opens the quick switcher: type part of a name, arrows and Enter open the room; Esc closes it', async () => {
    await composer(alice).click();
    await alice.keyboard.press('Control+k');
    const dialog = alice.getByRole('dialog', { name: 'Jump to a room' });
    const box = dialog.getByRole('combobox', { name: 'Room name' });
    await box.waitFor();
    expect(await focused(box)).toBe(true);
    expect(await axeViolations(alice)).toEqual([]);
    await box.fill('a');
    await dialog.getByRole('status').filter({ hasText: '3 rooms.' }).waitFor();
    await box.fill('lab');
    await dialog.getByRole('option', { name: 'Gamma lab', selected: true }).waitFor();
    await box.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await heading(alice).filter({ hasText: 'Gamma lab' }).waitFor();

    await alice.keyboard.press('Control+k');
    await box.fill('de');
    await box.press('ArrowDown'); // wraps around the one match
    await dialog.getByRole('option', { name: 'Alpha deck', selected: true }).waitFor();
    await box.fill('nothing like it');
    await dialog.getByRole('status').filter({ hasText: 'No room matches.' }).waitFor();
    await alice.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await heading(alice).filter({ hasText: 'Gamma lab' }).waitFor();
  }, 60_000);

  it('Alt+Up and Alt+Down open the previous and next room of the list', async () => {
    const order = (await alice.getByRole('navigation', { name: 'Rooms' }).locator('.room-link__name').allTextContents()).map((t) =>
      t.replace(/ \((private|muted)\)/g, '').trim(),
    );
    const at = order.findIndex((t) => t.includes('Gamma lab'));
    await alice.keyboard.press('Alt+ArrowDown');
    await heading(alice)
      .filter({ hasText: order[(at + 1) % order.length] })
      .waitFor();
    await alice.keyboard.press('Alt+ArrowUp');
    await heading(alice).filter({ hasText: 'Gamma lab' }).waitFor();
  }, 60_000);

  it('Up in the empty composer edits my last message', async () => {
    await say(alice, 'first draft');
    await say(alice, 'second draft');
    await bubble(alice, 'second draft').waitFor();
    await composer(alice).click();
    await composer(alice).press('ArrowUp');
    const editor = alice.getByRole('textbox', { name: 'Edit message' });
    await editor.waitFor();
    expect(await editor.inputValue()).toBe('second draft');
    expect(await focused(editor)).toBe(true);
    await editor.fill('second, edited');
    await editor.press('Enter');
    await bubble(alice, 'second, edited').waitFor();
    // Not while the composer holds text: Up moves the caret there.
    await composer(alice).fill('line one');
    await composer(alice).press('ArrowUp');
    expect(await alice.getByRole('textbox', { name: 'Edit message' }).count()).toBe(0);
    await composer(alice).fill('');
  }, 60_000);

  it('Esc closes the open side panel and focus returns to its button', async () => {
    const members = alice.getByRole('button', { name: /^Members \(/ });
    await members.click();
    const panel = alice.getByRole('complementary', { name: 'Members' });
    await panel.waitFor();
    await alice.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await focused(members)).toBe(true);
  }, 60_000);

  it('? opens the list of shortcuts (not while typing); Close or Esc returns focus', async () => {
    await composer(alice).fill('what?');
    expect(await alice.getByRole('dialog', { name: 'Keyboard shortcuts' }).count()).toBe(0);
    await composer(alice).fill('');
    await alice.locator('.messages').focus();
    await alice.keyboard.press('?');
    const help = alice.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await help.getByText('Jump to a room (quick switcher)').waitFor();
    await help.getByText('Edit your last message').waitFor();
    expect(await axeViolations(alice)).toEqual([]);
    await alice.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });

    const button = alice.getByRole('button', { name: 'Shortcuts' });
    await button.click();
    await help.getByRole('button', { name: 'Close' }).click();
    await help.waitFor({ state: 'detached' });
    expect(await focused(button)).toBe(true);
  }, 60_000);
});
