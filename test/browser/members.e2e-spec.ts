import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSuiteEnabled, closeBrowserSuite, launchChromium, register, saveArtifacts, startBrowserServer } from '../support/browser';
import { axeViolations, SpecApi } from '../support/browser-api';
import type { ServerProcess } from '../support/server-process';

/**
 * The members panel in Chromium: the owner promotes, demotes, mutes for a time,
 * removes and bans, lists and withdraws pending invitations and lifts bans; the
 * members it happens to see it live (admin controls appear, the composer closes,
 * the room view ends).
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;

jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-members');

suite('the members panel in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let alice: Page;
  let bob: Page;
  let carol: Page;
  const contexts: BrowserContext[] = [];
  const stamp = Date.now() % 100000;
  const names = { alice: `alice${stamp}`, bob: `bob${stamp}`, carol: `carol${stamp}`, dave: `dave${stamp}` };
  const api = new SpecApi(() => server.url, 'a-good-password');
  let roomId = '';
  let daveId = '';

  beforeAll(async () => {
    ({ server } = await startBrowserServer());
    browser = await launchChromium();
    [alice, bob, carol] = await Promise.all([newPage(), newPage(), newPage()]);
    await register(alice, names.alice);
    await register(bob, names.bob);
    await register(carol, names.carol);
    daveId = (await api.register(names.dave)).id;
    const ids = await Promise.all([names.bob, names.carol].map((n) => api.userId(names.alice, n)));
    roomId = (await api.ok(names.alice, 'POST', '/rooms', { name: 'Crew', room_type: 'GROUP', participants: ids })).id;
    for (const page of [alice, bob, carol]) {
      await page.goto(`/rooms/${roomId}`);
      await page.getByRole('heading', { name: 'Crew', level: 1 }).waitFor();
      await page.getByRole('button', { name: 'Members (3)' }).click();
    }
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { alice, bob, carol }, server));
  afterAll(() => closeBrowserSuite(contexts, browser, server));

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1100, height: 760 } });
    contexts.push(context);
    return context.newPage();
  }

  const panel = (page: Page) => page.getByRole('complementary', { name: 'Members' });
  const row = (page: Page, username: string) =>
    panel(page)
      .getByRole('listitem')
      .filter({ hasText: `@${username}` });
  const manage = async (page: Page, displayName: string, action: string) => {
    const actions = panel(page).getByRole('group', { name: `Actions for ${displayName}` });
    if (!(await actions.isVisible()))
      await panel(page)
        .getByRole('button', { name: `Manage ${displayName}` })
        .click();
    await actions.getByRole('button', { name: action }).click();
  };
  const composer = (page: Page) => page.getByRole('textbox', { name: 'Message', exact: true });

  it('promotes a member to admin and back; the member’s own panel shows the admin controls live', async () => {
    expect(await bob.getByLabel('Invite by username').count()).toBe(0);
    await manage(alice, names.bob, 'Make admin');
    await row(bob, names.bob).locator('.role', { hasText: 'admin' }).waitFor();
    await bob.getByLabel('Invite by username').waitFor(); // bob manages now, without a reload
    await bob.getByRole('button', { name: `Manage ${names.carol}` }).waitFor();
    expect(await axeViolations(alice)).toEqual([]);

    // Keyboard only: Escape in a member's open actions closes them, not the panel, and returns to "Manage".
    const manageBob = panel(alice).getByRole('button', { name: `Manage ${names.bob}` });
    const actions = panel(alice).getByRole('group', { name: `Actions for ${names.bob}` });
    if (!(await actions.isVisible())) await manageBob.press('Enter');
    await actions.getByRole('button', { name: 'Make member' }).focus();
    await alice.keyboard.press('Escape');
    await actions.waitFor({ state: 'detached' });
    expect(await manageBob.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await panel(alice).isVisible()).toBe(true);

    await manage(alice, names.bob, 'Make member');
    await row(bob, names.bob).locator('.role', { hasText: 'member' }).waitFor();
    await bob.getByLabel('Invite by username').waitFor({ state: 'detached' });
    expect((await api.ok(names.bob, 'GET', `/rooms/${roomId}`)).my_role).toBe('member');
  }, 60_000);

  it('mutes a member for an hour: their composer closes live and opens again when unmuted', async () => {
    await manage(alice, names.carol, 'Mute…');
    const dialog = alice.getByRole('dialog', { name: `Mute ${names.carol}` });
    await dialog.getByLabel('For how long').selectOption({ label: '1 hour' });
    await dialog.getByLabel('Reason (optional, kept in the audit log)').fill('cool down');
    expect(await axeViolations(alice)).toEqual([]);
    await dialog.getByRole('button', { name: 'Mute', exact: true }).click();
    await dialog.waitFor({ state: 'detached' });

    await carol.getByPlaceholder(/^You are muted until /).waitFor();
    expect(await composer(carol).isDisabled()).toBe(true);
    await row(alice, names.carol)
      .getByText(/muted until/)
      .waitFor();
    await row(bob, names.carol)
      .getByText(/muted until/)
      .waitFor(); // everyone in the room sees it
    const until = Date.parse(
      (await api.ok(names.alice, 'GET', `/rooms/${roomId}/members?page_size=10`)).results.find(
        (m: { user: { username: string } }) => m.user.username === names.carol,
      ).muted_until,
    );
    expect(Math.abs(until - Date.now() - 3_600_000)).toBeLessThan(120_000);

    await manage(alice, names.carol, 'Unmute');
    await carol.getByPlaceholder(/^You are muted until /).waitFor({ state: 'detached' });
    expect(await composer(carol).isDisabled()).toBe(false);
  }, 60_000);

  it('lists the room’s pending invitations and withdraws one', async () => {
    await panel(alice).getByLabel('Invite by username').fill(names.dave);
    await panel(alice).getByRole('button', { name: 'Invite', exact: true }).click();
    const pending = panel(alice).getByRole('region', { name: 'Pending invitations' });
    await pending.getByText(`@${names.dave}, invited by ${names.alice}`).waitFor();
    expect((await api.ok(names.dave, 'GET', '/invitations')).count).toBe(1);
    expect(await axeViolations(alice)).toEqual([]);

    await pending.getByRole('button', { name: `Withdraw the invitation of ${names.dave}` }).click();
    await pending.getByText('None.').waitFor();
    expect((await api.ok(names.dave, 'GET', '/invitations')).count).toBe(0);
  }, 60_000);

  it('shows the invitee’s answer live to the inviter (invitation:updated)', async () => {
    await panel(alice).getByLabel('Invite by username').fill(names.dave);
    await panel(alice).getByRole('button', { name: 'Invite', exact: true }).click();
    const pending = panel(alice).getByRole('region', { name: 'Pending invitations' });
    await pending.getByText(`@${names.dave}, invited by ${names.alice}`).waitFor();
    const [invitation] = (await api.ok(names.dave, 'GET', '/invitations')).results;
    await api.ok(names.dave, 'POST', `/invitations/${invitation.id}/decline`);
    await pending.getByRole('status').getByText(`${names.dave} declined the invitation.`).waitFor();
    await pending.getByText('None.').waitFor();
    expect(await axeViolations(alice)).toEqual([]);
  }, 60_000);

  it('removes a member: their room view ends live and the others see the member go', async () => {
    await manage(alice, names.carol, 'Remove…');
    const dialog = alice.getByRole('dialog', { name: `Remove ${names.carol}` });
    await dialog.getByLabel('Reason (optional, kept in the audit log)').fill('wrong room');
    await dialog.getByRole('button', { name: 'Remove' }).click();

    await carol.getByText('You were removed from this room.').waitFor();
    await carol.getByRole('link', { name: /Crew/ }).waitFor({ state: 'detached' });
    await row(bob, names.carol).waitFor({ state: 'detached' });
    await panel(bob).getByRole('status').getByText(`${names.carol} was removed from the room.`).waitFor();
    await bob.getByRole('button', { name: 'Members (2)' }).waitFor();
  }, 60_000);

  it('bans a member, lists the ban and lifts it', async () => {
    await api.ok(names.alice, 'POST', `/rooms/${roomId}/members`, { user_ids: [daveId] });
    await row(alice, names.dave).waitFor();
    await manage(alice, names.dave, 'Ban…');
    await alice
      .getByRole('dialog', { name: `Ban ${names.dave}` })
      .getByRole('button', { name: 'Ban' })
      .click();

    const bans = panel(alice).getByRole('region', { name: 'Banned' });
    await bans.getByText(`@${names.dave}`).waitFor();
    await row(bob, names.dave).waitFor({ state: 'detached' });
    await panel(bob).getByRole('status').getByText(`${names.dave} was banned from the room.`).waitFor();
    expect((await api.call(names.alice, 'POST', `/rooms/${roomId}/members`, { user_ids: [daveId] })).body.code).toBe('user_banned');
    expect(await axeViolations(alice)).toEqual([]);

    await bans.getByRole('button', { name: `Unban ${names.dave}` }).click();
    await bans.getByText('Nobody.').waitFor();
    expect((await api.call(names.alice, 'POST', `/rooms/${roomId}/members`, { user_ids: [daveId] })).status).toBe(201);
    await row(bob, names.dave).waitFor();
  }, 60_000);

  it('transfers ownership after a confirmation; both see the new roles live', async () => {
    await manage(alice, names.bob, 'Make owner…');
    const confirm = panel(alice).getByRole('group', { name: 'Confirm the transfer' });
    await confirm.getByRole('button', { name: 'Transfer ownership' }).click();
    await row(bob, names.bob).locator('.role', { hasText: 'owner' }).waitFor();
    await row(bob, names.alice).locator('.role', { hasText: 'admin' }).waitFor();
    await row(alice, names.bob).locator('.role', { hasText: 'owner' }).waitFor();
    await panel(alice)
      .getByRole('button', { name: `Manage ${names.bob}` })
      .waitFor({ state: 'detached' }); // an admin cannot manage the owner
  }, 60_000);
});
