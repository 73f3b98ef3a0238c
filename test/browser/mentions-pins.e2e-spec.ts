import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { browserSuiteEnabled, closeBrowserSuite, launchChromium, saveArtifacts, startBrowserServer } from '../support/browser';
import { axeViolations, bubble, composer, openRoom, people, PASSWORD, restAs, say } from '../support/browser-messages';
import type { ServerProcess } from '../support/server-process';

/**
 * Mentions, pins and finding one's place in the history, in the web app: Alice
 * owns the room, Bob is a member (Carol too, without a browser), each step checked
 * on the other person's screen as it happens.
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;
if (!process.env.NO_RETRY) jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-mentions-pins');
type Box = { getBoundingClientRect(): { top: number; bottom: number }; closest(selector: string): Box | null };
type Focusable = { ownerDocument: { activeElement: unknown } };
const focused = (el: unknown) => el === (el as Focusable).ownerDocument.activeElement;

/** Whether a message is inside the visible part of the history. */
const inView = (message: Locator) =>
  message.evaluate((el) => {
    const box = (el as unknown as Box).getBoundingClientRect();
    const frame = (el as unknown as Box).closest('.messages')!.getBoundingClientRect();
    return box.top >= frame.top - 1 && box.bottom <= frame.bottom + 1;
  });

suite('mentions, pins and the history in the web app', () => {
  let server: ServerProcess;
  let browser: Browser;
  let alice: Page;
  let bob: Page;
  let api: ReturnType<typeof restAs>;
  const contexts: BrowserContext[] = [];
  const stamp = Date.now() % 100000;
  const names = { alice: `alice${stamp}`, bob: `bob${stamp}`, carol: `carol${stamp}` };
  let roomId = '';

  beforeAll(async () => {
    ({ server } = await startBrowserServer());
    api = restAs(server.url);
    browser = await launchChromium();
    [alice, bob] = await people(browser, server.url, [names.alice, names.bob], contexts);
    await fetch(`${server.url}/api/v1/auth/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: names.carol, email: `${names.carol}@example.com`, password: PASSWORD }),
    });
    const users = await api<{ results: { id: string; username: string }[] }>(names.alice, 'GET', `/users?search=${stamp}`);
    const ids = users.results.filter((u) => u.username !== names.alice).map((u) => u.id);
    roomId = (await api<{ id: string }>(names.alice, 'POST', '/rooms', { name: 'Ops room', room_type: 'GROUP', participants: ids })).id;
    await openRoom(alice, roomId, 'Ops room');
    await bob.goto('/'); // the room in Bob's list, not open
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { alice, bob }, server));
  afterAll(() => closeBrowserSuite(contexts, browser, server));

  const roomLink = (page: Page) => page.getByRole('navigation', { name: 'Rooms' }).getByRole('link', { name: /Ops room/ });
  const post = (text: string) => api(names.alice, 'POST', `/rooms/${roomId}/messages`, { content: text });

  it('autocompletes members after @, highlights mentions, badges the room and lists them in the mentions inbox, live', async () => {
    await composer(alice).fill('heads up @');
    const suggestions = alice.getByRole('listbox', { name: 'Members to mention' });
    await suggestions.getByRole('option').nth(1).waitFor();
    expect(await suggestions.getByRole('option').allTextContents()).toEqual([`${names.bob} @${names.bob}`, `${names.carol} @${names.carol}`]);
    await composer(alice).press('ArrowDown');
    expect(await composer(alice).getAttribute('aria-activedescendant')).toBe(await suggestions.getByRole('option').nth(1).getAttribute('id'));
    expect(await suggestions.getByRole('option', { selected: true }).textContent()).toContain(names.carol);
    expect(await axeViolations(alice, '.composer')).toEqual([]);
    await composer(alice).press('ArrowUp');
    await composer(alice).press('Enter'); // inserts, does not send
    expect(await composer(alice).inputValue()).toBe(`heads up @${names.bob} `);
    await composer(alice).pressSequentially('the deploy is out');
    await composer(alice).press('Enter');

    // Bob, elsewhere: a mention badge on the room and on the inbox link, live.
    await roomLink(bob).getByLabel('1 unread mention', { exact: true }).waitFor();
    await bob
      .getByRole('link', { name: /^Mentions/ })
      .getByLabel('1 unread', { exact: true })
      .waitFor();
    await bob.getByRole('link', { name: /^Mentions/ }).click();
    const inbox = bob.getByRole('list', { name: 'Messages that mention you' });
    await inbox.getByText('the deploy is out').waitFor();
    expect(await inbox.locator('.mention--me').textContent()).toBe(`@${names.bob}`);
    await say(alice, `@${names.bob} and @${names.carol}: standup in 5`); // arrives in the open inbox
    await inbox.getByRole('listitem').first().getByText('standup in 5').waitFor();
    await roomLink(bob).getByLabel('2 unread mentions', { exact: true }).waitFor();
    expect(await axeViolations(bob, 'main')).toEqual([]);

    await inbox
      .getByRole('listitem')
      .nth(1)
      .getByRole('link', { name: /^Open in room: Ops room/ })
      .click();
    const target = bubble(bob, `heads up @${names.bob} the deploy is out`);
    await target.and(bob.locator('.message--target')).waitFor(); // opened at that message
    expect(await target.evaluate((el) => (el as unknown as { className: string }).className)).toContain('message--mentions-me');
    await roomLink(bob).locator('.badge').first().waitFor({ state: 'detached' }); // read: no unread, no mentions
    const both = bubble(bob, `@${names.bob} and @${names.carol}: standup in 5`);
    expect(await both.locator('.mention--me').textContent()).toBe(`@${names.bob}`);
    expect(await both.locator('.mention:not(.mention--me)').textContent()).toBe(`@${names.carol}`);
    expect(await bubble(alice, `@${names.bob} and @${names.carol}: standup in 5`).locator('.mention--me').count()).toBe(0);
  }, 60_000);

  it('pins and unpins from the message (owners and admins only), with the pinned list live for a member', async () => {
    await say(alice, 'runbook: https://example.com/runbook');
    await say(alice, 'on call this week: carol');
    await bubble(bob, 'on call this week: carol').waitFor();
    expect(await bob.getByRole('button', { name: /^Pin message/ }).count()).toBe(0); // Bob is a member

    const pinned = bob.getByRole('button', { name: 'Pinned' });
    await pinned.click();
    const panel = bob.getByRole('complementary', { name: 'Pinned messages' });
    await panel.getByText('Nothing is pinned in this room yet.').waitFor();
    await alice.getByRole('button', { name: 'Pin message: runbook: https://example.com/runbook' }).click();
    await panel.getByRole('list', { name: 'Pinned messages' }).getByText('runbook:').waitFor();
    await bubble(bob, 'runbook: https://example.com/runbook').getByText('📌 Pinned').waitFor();
    await alice.getByRole('button', { name: 'Pin message: on call this week: carol' }).click();
    const items = panel.getByRole('list', { name: 'Pinned messages' }).getByRole('listitem');
    await items.nth(1).waitFor();
    expect(await items.first().textContent()).toContain('on call this week'); // newest pin first
    expect(await items.first().textContent()).toContain(`Pinned by ${names.alice}`);
    expect(await panel.getByRole('button', { name: /^Unpin/ }).count()).toBe(0);
    expect(await axeViolations(bob, '#pins')).toEqual([]);

    await alice.getByRole('log', { name: 'Messages' }).getByRole('button', { name: 'Unpin message: runbook: https://example.com/runbook' }).click();
    await panel.getByText('runbook:').waitFor({ state: 'detached' });
    await bubble(bob, 'runbook: https://example.com/runbook').getByText('📌 Pinned').waitFor({ state: 'detached' });

    await panel.getByRole('button', { name: 'Show in room: on call this week: carol' }).click();
    expect(await bubble(bob, 'on call this week: carol').evaluate(focused)).toBe(true);
    await panel.getByRole('button', { name: 'Close pinned messages' }).focus();
    await bob.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await pinned.evaluate(focused)).toBe(true);
  }, 60_000);

  it('opens at the first unread message, pages back to it, and jumps to the latest', async () => {
    await bob.getByRole('link', { name: 'Parley' }).click();
    await bob.getByRole('heading', { name: `Welcome, ${names.bob}` }).waitFor();
    for (let i = 0; i < 45; i += 1) await post(`backlog ${i}`);
    await roomLink(bob).getByLabel('45 unread', { exact: true }).waitFor();
    await roomLink(bob).click();
    await bob.getByRole('heading', { name: 'Ops room', level: 1 }).waitFor();
    await bubble(bob, 'backlog 44').waitFor(); // the newest page, at the bottom
    expect(await bubble(bob, 'backlog 0').count()).toBe(0);

    await bob.getByRole('button', { name: 'New messages above: jump to the first unread' }).click();
    await bubble(bob, 'backlog 0').waitFor();
    const divider = bob.locator('.unread-divider');
    expect(
      await divider.evaluate((el) => (el as unknown as { nextElementSibling: { textContent: string } }).nextElementSibling.textContent),
    ).toContain('backlog 0');
    expect(await inView(bubble(bob, 'backlog 0'))).toBe(true);

    const latest = bob.getByRole('button', { name: /^Jump to latest/ });
    await latest.waitFor();
    await say(alice, 'fresh news');
    await bob.getByRole('button', { name: 'Jump to latest (1 new)' }).waitFor();
    await latest.click();
    expect(await inView(bubble(bob, 'fresh news'))).toBe(true);
    await latest.waitFor({ state: 'detached' });

    // A few unread: the divider within the first page, and the view opens there.
    await bob.getByRole('link', { name: 'Parley' }).click();
    for (const text of ['after lunch 1', 'after lunch 2', 'after lunch 3']) await post(text);
    await roomLink(bob).getByLabel('3 unread', { exact: true }).waitFor();
    await roomLink(bob).click();
    await bubble(bob, 'after lunch 1').waitFor();
    expect(
      await bob
        .locator('.unread-divider')
        .evaluate((el) => (el as unknown as { nextElementSibling: { textContent: string } }).nextElementSibling.textContent),
    ).toContain('after lunch 1');
    expect(await bob.getByRole('button', { name: /jump to the first unread/ }).count()).toBe(0);
    expect(await axeViolations(bob, '.messages-frame')).toEqual([]);
  }, 60_000);
});
