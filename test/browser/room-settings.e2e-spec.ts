import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { browserSuiteEnabled, closeBrowserSuite, launchChromium, register, saveArtifacts, startBrowserServer } from '../support/browser';
import { axeViolations, SpecApi } from '../support/browser-api';
import type { ServerProcess } from '../support/server-process';

/**
 * Room settings in Chromium, as the owner who changes them and the member who
 * sees each change live: name, description, posting mode, slow mode, retention,
 * archive, the server's field errors, per-room notifications, and the keyboard.
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;

jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-room-settings');

suite('room settings in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let alice: Page;
  let bob: Page;
  const contexts: BrowserContext[] = [];
  const stamp = Date.now() % 100000;
  const names = { alice: `alice${stamp}`, bob: `bob${stamp}` };
  const api = new SpecApi(() => server.url, 'a-good-password');
  let roomId = '';

  beforeAll(async () => {
    ({ server } = await startBrowserServer());
    browser = await launchChromium();
    [alice, bob] = await Promise.all([newPage(), newPage()]);
    await register(alice, names.alice);
    await register(bob, names.bob);
    const bobId = await api.userId(names.alice, names.bob);
    roomId = (await api.ok(names.alice, 'POST', '/rooms', { name: 'Plans', room_type: 'GROUP', participants: [bobId] })).id;
    await Promise.all([alice.goto(`/rooms/${roomId}`), bob.goto(`/rooms/${roomId}`)]);
    await Promise.all([heading(alice, 'Plans').waitFor(), heading(bob, 'Plans').waitFor()]);
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { alice, bob }, server));
  afterAll(() => closeBrowserSuite(contexts, browser, server));

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1100, height: 760 } });
    contexts.push(context);
    return context.newPage();
  }

  const isFocused = (locator: Locator) =>
    locator.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement);
  const heading = (page: Page, name: string) => page.getByRole('heading', { name, level: 1 });
  const composer = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });
  const settings = (page: Page) => page.getByRole('dialog', { name: 'Room settings' });
  const openSettings = async (page: Page) => {
    await page.getByRole('button', { name: 'Room settings' }).click();
    await settings(page).waitFor();
  };
  const save = async (page: Page) => {
    await settings(page).getByRole('button', { name: 'Save settings' }).click();
    await settings(page).getByRole('status').filter({ hasText: 'Settings saved.' }).waitFor();
  };

  it('renames the room and makes it an announcement room with slow mode; the member sees each change live', async () => {
    await openSettings(alice);
    expect(await axeViolations(alice)).toEqual([]);
    const dialog = settings(alice);
    await dialog.getByLabel('Name').fill('Trip plans');
    await dialog.getByLabel('Description').fill('Where we go in June');
    await dialog.getByLabel('Owners and admins only (announcements)').check();
    await dialog.getByLabel('Keep messages for (days)').fill('30');
    await save(alice);

    await heading(bob, 'Trip plans').waitFor();
    await bob.getByText('Where we go in June').waitFor();
    await bob.getByPlaceholder('Only owners and admins post in this room').waitFor();
    expect(await composer(bob).isDisabled()).toBe(true);
    await bob.locator('.message--system', { hasText: 'Trip plans' }).first().waitFor(); // the rename's system message

    await dialog.getByLabel('Everyone').check();
    await dialog.getByLabel('Slow mode (seconds)').fill('30');
    await save(alice);
    await bob.getByText('Slow mode: one message every 30 s.').waitFor();
    expect(await composer(bob).isDisabled()).toBe(false);
    expect(await api.ok(names.bob, 'GET', `/rooms/${roomId}`)).toMatchObject({ retention_days: 30, slow_mode_seconds: 30, posting: 'everyone' });

    await dialog.getByLabel('Slow mode (seconds)').fill('0');
    await save(alice);
    await bob.getByText('Slow mode: one message every 30 s.').waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await settings(alice).waitFor({ state: 'detached' });
  }, 60_000);

  it('shows the server’s error beside its field, and works from the keyboard alone', async () => {
    const button = alice.getByRole('button', { name: 'Room settings' });
    await button.focus();
    await alice.keyboard.press('Enter');
    const dialog = settings(alice);
    await dialog.waitFor();
    const name = dialog.getByLabel('Name');
    expect(await isFocused(name)).toBe(true); // focus moved into the dialog
    await alice.keyboard.press('ControlOrMeta+a');
    await alice.keyboard.press('Delete');
    await dialog.getByLabel('Public: anyone can browse and join').check();
    await name.focus();
    await alice.keyboard.press('Enter'); // submits the form

    const error = dialog.locator('.field-error', { hasText: 'A public room needs a name.' });
    await error.waitFor();
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await name.getAttribute('aria-describedby')).toContain(await error.getAttribute('id'));
    await dialog.getByRole('alert').filter({ hasText: 'Please correct the fields marked above.' }).waitFor();
    expect(await axeViolations(alice)).toEqual([]);
    expect((await api.ok(names.alice, 'GET', `/rooms/${roomId}`)).visibility).toBe('private'); // nothing saved

    await alice.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await isFocused(button)).toBe(true); // focus back on the opener
  }, 60_000);

  it('archives the room (the member’s composer closes live) and unarchives it, with the reason in the audit log', async () => {
    await openSettings(alice);
    const dialog = settings(alice);
    await dialog.getByLabel('Reason (optional, kept in the audit log)').fill('trip is over');
    await dialog.getByRole('button', { name: 'Archive room' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Room archived' }).waitFor();
    await bob.getByPlaceholder('This room is archived (read only)').waitFor();
    expect(await composer(bob).isDisabled()).toBe(true);

    await dialog.getByRole('button', { name: 'Unarchive room' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Room unarchived.' }).waitFor();
    await bob.getByPlaceholder('This room is archived (read only)').waitFor({ state: 'detached' });
    expect(await composer(bob).isDisabled()).toBe(false);

    const audit = await api.ok(names.alice, 'GET', `/rooms/${roomId}/audit`);
    expect(audit.results.map((e: { action: string; reason: string }) => [e.action, e.reason])).toContainEqual(['room.archived', 'trip is over']);
    await dialog.getByRole('button', { name: 'Close' }).click();
  }, 60_000);

  it('lets a member mute the room’s notifications: a grey unread count, kept by the server', async () => {
    await openSettings(bob);
    const dialog = settings(bob);
    expect(await dialog.getByLabel('Name').count()).toBe(0); // a member sees no room settings
    expect(await axeViolations(bob)).toEqual([]);
    await dialog.getByLabel('Mute this room').check();
    await dialog.getByRole('status').filter({ hasText: 'Notifications muted.' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    const link = bob.getByRole('link', { name: /Trip plans/ });
    await link.getByText('(muted)').waitFor();
    expect((await api.ok(names.bob, 'GET', `/rooms/${roomId}`)).notifications_muted).toBe(true);

    await bob.getByRole('link', { name: 'Parley' }).click(); // away from the room: new messages stay unread
    await composer(alice).fill('anyone still here?');
    await composer(alice).press('Enter');
    await link.getByLabel('1 unread').waitFor();
    expect(await link.locator('.badge').getAttribute('class')).toContain('badge--muted');
  }, 60_000);

  it('lets the member leave; the owner sees the member count drop live', async () => {
    await alice.getByRole('button', { name: 'Members (2)' }).waitFor();
    await bob.getByRole('link', { name: /Trip plans/ }).click();
    await openSettings(bob);
    await settings(bob).getByRole('button', { name: 'Leave room…' }).click();
    await settings(bob).getByRole('group', { name: 'Confirm leaving' }).getByRole('button', { name: 'Leave' }).click();
    await bob.getByRole('heading', { name: `Welcome, ${names.bob}` }).waitFor();
    await bob.getByRole('link', { name: /Trip plans/ }).waitFor({ state: 'detached' });
    await alice.getByRole('button', { name: 'Members (1)' }).waitFor();
  }, 60_000);

  it('fits a phone: the top bar’s controls and the header’s buttons wrap without overlapping or widening the room, and the dialog passes axe', async () => {
    await alice.setViewportSize({ width: 390, height: 760 });
    try {
      await alice.getByRole('button', { name: 'Room settings' }).waitFor();
      const width = (locator: string) => alice.locator(locator).evaluate((el) => el.getBoundingClientRect().width);
      expect(await width('.room__chat')).toBeLessThanOrEqual(390);
      // The top bar's controls (search box, Moderation, Notifications, theme, sign out...) wrap without overlapping.
      await alice.getByRole('banner').getByRole('link', { name: 'Moderation' }).waitFor();
      const boxes = await alice.locator('.topbar').evaluate((bar) =>
        [...bar.querySelectorAll('a, button, input, select')]
          .map((el) => ({ name: el.textContent?.trim() || el.getAttribute('aria-label') || el.tagName, box: el.getBoundingClientRect() }))
          .filter(({ box }) => box.width > 0 && box.height > 0)
          .map(({ name, box }) => ({ name, left: box.left, right: box.right, top: box.top, bottom: box.bottom })),
      );
      expect(boxes.map((b) => b.name)).toEqual(expect.arrayContaining(['Search messages in all your rooms', 'Search', 'Moderation']));
      const overlaps = boxes.flatMap((a, i) =>
        boxes
          .slice(i + 1)
          .flatMap((b) =>
            a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5 && b.top < a.bottom - 0.5 ? [`${a.name} / ${b.name}`] : [],
          ),
      );
      expect(overlaps).toEqual([]);
      expect(Math.max(...boxes.map((b) => b.right))).toBeLessThanOrEqual(390);
      await openSettings(alice);
      expect(await axeViolations(alice)).toEqual([]);
      await settings(alice).getByRole('button', { name: 'Close' }).click();
    } finally {
      await alice.setViewportSize({ width: 1100, height: 760 });
    }
  }, 60_000);
});
