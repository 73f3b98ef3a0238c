import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSuiteEnabled, closeBrowserSuite, launchChromium, register, saveArtifacts, startBrowserServer } from '../support/browser';
import { axeViolations, SpecApi } from '../support/browser-api';
import type { ServerProcess } from '../support/server-process';

/**
 * People protecting themselves and moderators acting, in Chromium: reporting a
 * message and a person, blocking and unblocking, profiles (one's own and
 * others'), the data export, and a room owner resolving a report in the
 * moderation console while the reporter and the reported member see the outcome live.
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;

jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-moderation');

suite('reports, blocks and profiles in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let alice: Page;
  let bob: Page;
  let carol: Page;
  const contexts: BrowserContext[] = [];
  const stamp = Date.now() % 100000;
  const names = { alice: `alice${stamp}`, bob: `bob${stamp}`, carol: `carol${stamp}` };
  const api = new SpecApi(() => server.url, 'a-good-password');
  let roomId = '';

  beforeAll(async () => {
    ({ server } = await startBrowserServer());
    browser = await launchChromium();
    [alice, bob, carol] = await Promise.all([newPage(), newPage(), newPage()]);
    await register(alice, names.alice);
    await register(bob, names.bob);
    await register(carol, names.carol);
    const ids = await Promise.all([names.bob, names.carol].map((n) => api.userId(names.alice, n)));
    roomId = (await api.ok(names.alice, 'POST', '/rooms', { name: 'Club', room_type: 'GROUP', participants: ids })).id;
    await api.ok(names.carol, 'POST', `/rooms/${roomId}/messages`, { content: 'buy cheap watches at spam.example' });
    for (const page of [alice, bob, carol]) {
      await page.goto(`/rooms/${roomId}`);
      await page.getByRole('heading', { name: 'Club', level: 1 }).waitFor();
    }
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { alice, bob, carol }, server));
  afterAll(() => closeBrowserSuite(contexts, browser, server));

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1100, height: 760 }, acceptDownloads: true });
    contexts.push(context);
    return context.newPage();
  }

  const bubble = (page: Page, text: string) => page.locator('.message-list .message', { has: page.locator('.message__body', { hasText: text }) });

  it('reports a message with a reason, blocking its sender too; the room’s owner finds it in the queue', async () => {
    await bubble(bob, 'buy cheap watches')
      .getByRole('button', { name: /^Report message: buy cheap watches/ })
      .click();
    const dialog = bob.getByRole('dialog', { name: `Report a message from ${names.carol}` });
    await dialog.getByLabel('Reason').selectOption({ label: 'Spam' });
    await dialog.getByLabel('What happened (optional)').fill('an ad for watches');
    await dialog.getByLabel(`Also block ${names.carol}`).check();
    expect(await axeViolations(bob)).toEqual([]);
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog
      .getByRole('status')
      .filter({ hasText: `Report sent to the room’s moderators, and ${names.carol} is blocked.` })
      .waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();

    const queue = await api.ok(names.alice, 'GET', `/moderation/reports?room_id=${roomId}`);
    expect(queue.results).toHaveLength(1);
    expect(queue.results[0]).toMatchObject({
      reason: 'spam',
      details: 'an ad for watches',
      status: 'open',
      target_content: 'buy cheap watches at spam.example',
    });
    expect((await api.ok(names.bob, 'GET', '/users/me/blocks')).results.map((b: { user: { username: string } }) => b.user.username)).toEqual([
      names.carol,
    ]);

    // A second report of the same message while the first is open: said plainly.
    await bubble(bob, 'buy cheap watches')
      .getByRole('button', { name: /^Report message/ })
      .click();
    await dialog.getByLabel('Reason').selectOption({ label: 'Something else' });
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'You reported this already; that report is still open.' }).waitFor();
    await bob.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
  }, 60_000);

  it('lets the room’s owner resolve the report in the moderation console; the reporter and the sender see the outcome live', async () => {
    await alice.getByRole('link', { name: 'Moderation' }).click();
    await alice.getByRole('heading', { name: 'Moderation: Reports', level: 1 }).waitFor();
    const card = alice.getByRole('list', { name: 'Open reports' }).getByRole('listitem').filter({ hasText: 'buy cheap watches at spam.example' });
    await card.getByRole('heading', { name: `Spam: Message by ${names.carol} (@${names.carol})` }).waitFor();
    await card.getByText(`In Club · reported by ${names.bob} (@${names.bob})`, { exact: false }).waitFor();
    await card.getByText('“an ad for watches”').waitFor();
    expect(await axeViolations(alice)).toEqual([]);

    await card.getByLabel('Action').selectOption({ label: 'Delete the message' });
    await card.getByLabel('Note (kept with the report and in the audit log)').fill('ads are not allowed');
    await card.getByRole('button', { name: 'Resolve' }).click();
    await alice.getByText('No open reports.').waitFor();

    await bob.getByRole('status').getByText('Your report of a message (spam) was resolved: the message was deleted.').waitFor();
    await bubble(carol, 'Message deleted').waitFor(); // the sender's own timeline, live
    expect(await carol.locator('.message-list').textContent()).not.toContain('buy cheap watches');
    await bob.getByRole('button', { name: 'Dismiss this notice' }).click();

    await alice.getByLabel('Show').selectOption({ label: 'Resolved reports' });
    const resolved = alice.getByRole('list', { name: 'Resolved reports' }).getByRole('listitem').first();
    await resolved.getByText(/Resolved .*: Delete the message — ads are not allowed/).waitFor();
    await alice.getByRole('link', { name: 'Audit log' }).click();
    await alice.getByRole('cell', { name: 'report.resolved' }).waitFor();
    await alice.getByRole('cell', { name: 'message.deleted' }).waitFor();
    expect(await axeViolations(alice)).toEqual([]);
  }, 60_000);

  it('puts a new report in the open console at once (report:created), before its 15 s re-read', async () => {
    await alice.getByRole('link', { name: 'Reports' }).click();
    await alice.getByLabel('Show').selectOption({ label: 'Open reports' });
    await alice.getByText('No open reports.').waitFor();
    const message = await api.ok(names.bob, 'POST', `/rooms/${roomId}/messages`, { content: 'cheap watches again' });
    await api.ok(names.carol, 'POST', `/rooms/${roomId}/messages/${message.id}/report`, { reason: 'spam', details: 'again' });
    const card = alice.getByRole('list', { name: 'Open reports' }).getByRole('listitem').filter({ hasText: 'cheap watches again' });
    await card.getByText('“again”').waitFor({ timeout: 5_000 });
    await alice.getByRole('status').filter({ hasText: 'New report: Spam.' }).waitFor({ state: 'attached' });
    expect(await axeViolations(alice)).toEqual([]);
    await card.getByRole('button', { name: 'Resolve' }).click(); // dismiss: the next scenarios start from an empty queue
    await alice.getByText('No open reports.').waitFor();
  }, 60_000);

  it('shows a profile with block state; a blocked person cannot start a direct conversation', async () => {
    await bob.getByRole('button', { name: /^Members/ }).click();
    await bob.getByRole('complementary', { name: 'Members' }).getByRole('link', { name: names.carol }).click();
    await bob.getByRole('heading', { name: names.carol, level: 1 }).waitFor();
    await bob.getByText(`You blocked ${names.carol}.`).waitFor();
    expect(await axeViolations(bob)).toEqual([]);

    await carol.goto(`/users/${await api.userId(names.carol, names.bob)}`);
    await carol.getByRole('heading', { name: names.bob, level: 1 }).waitFor();
    await carol.getByRole('button', { name: 'Send a direct message' }).click();
    await carol.getByRole('alert').filter({ hasText: 'You cannot start or continue a conversation with this user.' }).waitFor();

    await bob.getByRole('button', { name: 'Unblock' }).click();
    await bob.getByRole('button', { name: 'Block…' }).click();
    const dialog = bob.getByRole('dialog', { name: `Block ${names.carol}` });
    await dialog.getByText('They are not told.', { exact: false }).waitFor();
    expect(await axeViolations(bob)).toEqual([]);
    await dialog.getByRole('button', { name: 'Block', exact: true }).click();
    await bob.getByText(`You blocked ${names.carol}.`).waitFor();
    expect((await api.ok(names.bob, 'GET', '/users/me/blocks')).count).toBe(1);
  }, 60_000);

  it('reports a person from their profile', async () => {
    await bob.getByRole('button', { name: 'Report…' }).click();
    const dialog = bob.getByRole('dialog', { name: `Report ${names.carol}` });
    await dialog.getByLabel('Reason').selectOption({ label: 'Harassment or bullying' });
    await dialog.getByRole('button', { name: 'Send report' }).click();
    await dialog.getByRole('status').filter({ hasText: 'Report sent to Parley’s administrators.' }).waitFor();
    await dialog.getByRole('button', { name: 'Close' }).click();
    // Only global admins read user reports; a second one is refused while this one is open.
    const again = await api.call(names.bob, 'POST', `/users/${await api.userId(names.bob, names.carol)}/report`, { reason: 'spam' });
    expect(again.body.code).toBe('report_exists');
  }, 60_000);

  it('edits one’s own profile, unblocks from it, says a wrong password beside its field, and downloads one’s data', async () => {
    await bob.getByRole('link', { name: /\(your profile\)$/ }).click();
    await bob.getByRole('heading', { name: 'Your profile', level: 1 }).waitFor();
    await bob.getByLabel('Display name').fill('Bobby Tables');
    await bob.getByRole('button', { name: 'Save profile' }).click();
    await bob.getByRole('status').filter({ hasText: 'Profile saved.' }).waitFor();
    await bob.getByRole('link', { name: 'Bobby Tables (your profile)' }).waitFor(); // the top bar follows
    expect((await api.ok(names.alice, 'GET', `/users/${await api.userId(names.alice, names.bob)}`)).display_name).toBe('Bobby Tables');

    await bob.getByLabel('Current password').fill('not-my-password');
    await bob.getByLabel('New password').fill('another-good-password');
    await bob.getByRole('button', { name: 'Change password' }).click();
    const current = bob.getByLabel('Current password');
    await bob.locator('.field-error', { hasText: 'Wrong password.' }).waitFor();
    expect(await current.getAttribute('aria-invalid')).toBe('true');
    expect(await axeViolations(bob)).toEqual([]);

    const blocked = bob.getByRole('region', { name: 'People you blocked' });
    await blocked.getByRole('button', { name: `Unblock ${names.carol}` }).click();
    await blocked.getByText('Nobody.').waitFor();
    expect((await api.ok(names.bob, 'GET', '/users/me/blocks')).count).toBe(0);

    const download = bob.waitForEvent('download');
    await bob.getByRole('button', { name: 'Download my data' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`parley-export-${names.bob}.json`);
    const exported = JSON.parse(readFileSync((await file.path())!, 'utf8'));
    expect(exported).toMatchObject({ format: 'parley-export/1', user: { username: names.bob, display_name: 'Bobby Tables' } });
    expect(exported.reports_filed).toHaveLength(2);
  }, 60_000);
});
