import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { browserSuiteEnabled, closeBrowserSuite, launchChromium, register, saveArtifacts, startBrowserServer } from '../support/browser';
import { axeViolations, SpecApi } from '../support/browser-api';
import type { ServerProcess } from '../support/server-process';

/**
 * The compliance features in Chromium (docs/compliance.md): an edited message's history for its
 * sender and the room's owner (paged, by keyboard), none for a plain member; a deleted message's
 * text for the owner; the reports queue showing the version a report was filed against, with its
 * history; and a global admin suspending a person from the console (their open page goes back to
 * sign-in, which then refuses them in words), with an end time, and lifting it.
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;

jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-compliance');
const ADMIN = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-for-tests', ADMIN_EMAIL: 'root@example.com' };

suite('edit history, reports and suspension in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let alice: Page; // the room's owner
  let bob: Page; // the sender
  let carol: Page; // a plain member
  let root: Page; // a global admin
  const contexts: BrowserContext[] = [];
  const stamp = Date.now() % 100000;
  const names = { alice: `alice${stamp}`, bob: `bob${stamp}`, carol: `carol${stamp}` };
  const api = new SpecApi(() => server.url, 'a-good-password');
  let roomId = '';
  let harassment = ''; // bob's message, edited twice

  beforeAll(async () => {
    ({ server } = await startBrowserServer(ADMIN));
    browser = await launchChromium();
    [alice, bob, carol, root] = await Promise.all([newPage(), newPage(), newPage(), newPage()]);
    await register(alice, names.alice);
    await register(bob, names.bob);
    await register(carol, names.carol);
    const ids = await Promise.all([names.bob, names.carol].map((n) => api.userId(names.alice, n)));
    roomId = (await api.ok(names.alice, 'POST', '/rooms', { name: 'Class 7b', room_type: 'GROUP', participants: ids })).id;
    harassment = (await api.ok(names.bob, 'POST', `/rooms/${roomId}/messages`, { content: 'you are worthless' })).id;
    for (const content of ['you are ok', 'you are great']) await api.ok(names.bob, 'PATCH', `/rooms/${roomId}/messages/${harassment}`, { content });
    for (const page of [alice, bob, carol]) {
      await page.goto(`/rooms/${roomId}`);
      await page.getByRole('heading', { name: 'Class 7b', level: 1 }).waitFor();
    }
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { alice, bob, carol, root }, server));
  afterAll(() => closeBrowserSuite(contexts, browser, server));

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1100, height: 760 } });
    contexts.push(context);
    return context.newPage();
  }

  const bubble = (page: Page, text: string) => page.locator('.message-list .message', { has: page.locator('.message__body', { hasText: text }) });
  const historyButton = (message: Locator) => message.getByRole('button', { name: /^Edit history of message/ });
  /** The dialog's versions as "heading: text", newest first. */
  const versions = async (dialog: Locator) =>
    Promise.all(
      (await dialog.getByRole('list', { name: 'Versions, newest first' }).getByRole('listitem').all()).map(
        async (item) => `${await item.locator('.history__head').innerText()}: ${await item.locator('.history__text').innerText()}`,
      ),
    );
  // Evaluated in the page (a string: the spec's own types have no DOM).
  const focusedText = (page: Page) => page.evaluate<string>("document.activeElement?.textContent ?? ''");

  async function signInAs(page: Page, login: string, password: string): Promise<void> {
    await page.getByLabel('Username or email').fill(login);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('shows the sender every version of an edited message, by keyboard, and a plain member no History action', async () => {
    await bubble(carol, 'you are great').getByText('(edited)').waitFor();
    expect(await historyButton(bubble(carol, 'you are great')).count()).toBe(0); // Parley would answer 403

    const message = bubble(bob, 'you are great');
    await message.getByText('(edited)').waitFor();
    await historyButton(message).focus();
    await bob.keyboard.press('Enter');
    const dialog = bob.getByRole('dialog', { name: 'Edit history' });
    await dialog.getByRole('status').filter({ hasText: '2 earlier versions.' }).waitFor();
    expect(await versions(dialog)).toEqual([
      'Version 2 · after 2 edits (current): you are great',
      'Version 1 · after 1 edit: you are ok',
      'Version 0 · as sent: you are worthless',
    ]);
    expect(await focusedText(bob)).toBe('Close'); // focus moved into the dialog
    expect(await axeViolations(bob)).toEqual([]);
    await bob.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedText(bob)).toBe('History'); // back on what opened it

    // From the thread panel's copy of the message: Escape closes the dialog, not the panel around it.
    await message.getByRole('button', { name: /^Thread of message: you are great/ }).click();
    const root = bob.getByRole('list', { name: 'Thread root' });
    await historyButton(root).click();
    await dialog.getByRole('status').filter({ hasText: '2 earlier versions.' }).waitFor();
    await bob.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await bob.getByRole('button', { name: 'Close thread' }).isVisible()).toBe(true);
    await bob.getByRole('button', { name: 'Close thread' }).click();
  }, 60_000);

  it('pages a long history with “Load older versions”, moving focus to the first version loaded', async () => {
    const id = (await api.ok(names.bob, 'POST', `/rooms/${roomId}/messages`, { content: 'draft 0' })).id;
    for (let i = 1; i <= 22; i += 1) await api.ok(names.bob, 'PATCH', `/rooms/${roomId}/messages/${id}`, { content: `draft ${i}` });
    const message = bubble(bob, 'draft 22');
    await historyButton(message).click();
    const dialog = bob.getByRole('dialog', { name: 'Edit history' });
    await dialog.getByRole('status').filter({ hasText: '20 earlier versions so far' }).waitFor();
    expect(await dialog.getByRole('listitem').count()).toBe(21); // the current one and a page of 20
    await dialog.getByRole('button', { name: 'Load older versions' }).click();
    await dialog.getByRole('status').filter({ hasText: '22 earlier versions.' }).waitFor();
    await dialog.getByRole('button', { name: 'Load older versions' }).waitFor({ state: 'detached' });
    expect((await versions(dialog)).slice(-2)).toEqual(['Version 1 · after 1 edit: draft 1', 'Version 0 · as sent: draft 0']);
    expect(await bob.evaluate<string | null>("document.activeElement?.getAttribute('data-version')")).toBe('1');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
  }, 60_000);

  it('lets the room’s owner read a deleted message’s text, and not its sender', async () => {
    const id = (await api.ok(names.bob, 'POST', `/rooms/${roomId}/messages`, { content: 'meet me after school' })).id;
    await bubble(alice, 'meet me after school').waitFor();
    await api.ok(names.bob, 'DELETE', `/rooms/${roomId}/messages/${id}`);
    const deleted = (page: Page) => page.locator(`.message-list .message[data-id="${id}"]`);
    await deleted(alice).getByText('Message deleted').waitFor();
    await deleted(bob).getByText('Message deleted').waitFor();
    expect(await historyButton(deleted(bob)).count()).toBe(0);
    expect(await historyButton(deleted(carol)).count()).toBe(0);

    await historyButton(deleted(alice)).click();
    const dialog = alice.getByRole('dialog', { name: 'Edit history' });
    await dialog.getByRole('status').filter({ hasText: '1 earlier version.' }).waitFor();
    expect(await versions(dialog)).toEqual(['Version 0 · as sent: meet me after school']);
    await dialog.getByText(/; deleted /).waitFor();
    expect(await axeViolations(alice)).toEqual([]);
    await alice.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  }, 60_000);

  it('shows in the moderation queue the version a report was filed against, and its history', async () => {
    await api.ok(names.carol, 'POST', `/rooms/${roomId}/messages/${harassment}/report`, { reason: 'harassment', details: 'it said worse before' });
    await api.ok(names.bob, 'PATCH', `/rooms/${roomId}/messages/${harassment}`, { content: 'you are fine' }); // after the report

    await alice.getByRole('link', { name: 'Moderation' }).click();
    const card = alice.getByRole('list', { name: 'Open reports' }).getByRole('listitem').filter({ hasText: 'it said worse before' });
    await card.getByText('Reported as version 2 (after 2 edits)').waitFor();
    await card.locator('blockquote').getByText('you are great').waitFor();
    await card.getByRole('button', { name: 'Edit history of the reported message' }).click();
    const dialog = alice.getByRole('dialog', { name: 'Edit history' });
    await dialog.getByRole('status').filter({ hasText: '3 earlier versions.' }).waitFor();
    await dialog.getByText('you are fine').waitFor(); // the current text, read from Parley
    expect(await versions(dialog)).toEqual([
      'Version 3 · after 3 edits (current): you are fine',
      'Version 2 · after 2 edits · reported: you are great',
      'Version 1 · after 1 edit: you are ok',
      'Version 0 · as sent: you are worthless',
    ]);
    expect(await axeViolations(alice)).toEqual([]);
    await alice.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await focusedText(alice)).toContain('Edit history');
  }, 60_000);

  it('suspends a person from the console: their page signs out with the reason, sign-in refuses them, lifting lets them in', async () => {
    await root.goto('/');
    await signInAs(root, ADMIN.ADMIN_USERNAME, ADMIN.ADMIN_PASSWORD);
    await root.getByRole('link', { name: 'Admin' }).click();
    await root.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Users' }).click();
    await root.getByLabel('Find people').fill(names.carol);
    await root.locator('#main').getByRole('button', { name: 'Search' }).click();
    await root.getByRole('button', { name: `Suspension of ${names.carol}` }).click();
    let dialog = root.getByRole('dialog', { name: `Suspension of ${names.carol} (@${names.carol})` });
    await dialog.getByText('Not suspended.', { exact: false }).waitFor();

    // A refusal first: an end in the past is Parley's 400, shown under its field.
    await dialog.getByLabel(/^Reason/).fill('bullying in Class 7b');
    await dialog.getByLabel('Until (optional)').fill('2001-01-01T10:00');
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await dialog.locator('.field-error').first().waitFor();
    expect(await dialog.getByLabel('Until (optional)').getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(root)).toEqual([]);

    await dialog.getByLabel('Until (optional)').fill('');
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await dialog.getByText(/^Suspended since .*, until lifted\.$/).waitFor();
    await dialog.getByText('Reason: bullying in Class 7b').waitFor();
    expect(await axeViolations(root)).toEqual([]);

    // Carol's open page: her session ended, and the sign-in screen says why.
    await carol.getByRole('alert').filter({ hasText: 'You were signed out: an administrator suspended your account.' }).waitFor({ timeout: 20_000 });
    await carol.getByRole('heading', { name: 'Sign in' }).waitFor();
    await signInAs(carol, names.carol, 'a-good-password');
    await carol.getByRole('alert').filter({ hasText: 'This account is suspended, so it cannot sign in.' }).waitFor();
    expect(await axeViolations(carol)).toEqual([]);

    // Lifted: she signs in again.
    await dialog.getByRole('button', { name: 'Lift suspension' }).click();
    await dialog
      .getByRole('status')
      .filter({ hasText: `${names.carol} (@${names.carol}) may sign in again.` })
      .waitFor();
    await signInAs(carol, names.carol, 'a-good-password');
    await carol.getByRole('button', { name: 'Sign out' }).waitFor();

    // A suspension with an end: the sign-in refusal says until when; the console shows it on reopening.
    await dialog.getByLabel(/^Reason/).fill('a week off');
    await dialog.getByLabel('Until (optional)').fill('2099-01-01T10:00');
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await dialog.getByText(/^Suspended since .*, until .*2099/).waitFor();
    await carol.getByRole('alert').filter({ hasText: 'an administrator suspended your account' }).waitFor({ timeout: 20_000 });
    await signInAs(carol, names.carol, 'a-good-password');
    await carol
      .getByRole('alert')
      .filter({ hasText: /This account is suspended until .*2099.*, so it cannot sign in\./ })
      .waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await root.getByRole('button', { name: `Suspension of ${names.carol}` }).click();
    dialog = root.getByRole('dialog', { name: `Suspension of ${names.carol} (@${names.carol})` });
    await dialog.getByText('Reason: a week off').waitFor();
    expect((await api.call(names.alice, 'GET', `/admin/users/${await api.userId(names.alice, names.carol)}/suspension`)).status).toBe(403); // global admins only
  }, 90_000);
});
