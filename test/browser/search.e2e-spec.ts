import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { browserSuiteEnabled, closeBrowserSuite, launchChromium, saveArtifacts, startBrowserServer, waitUntil } from '../support/browser';
import { axeViolations, bubble, openRoom, people, restAs } from '../support/browser-messages';
import type { ServerProcess } from '../support/server-process';

/**
 * Message search in the web app: Alice and Bob share a private room, Carol is
 * not in it (she shares another room with Alice). Bob finds Alice's words from
 * the top bar and from the room's search panel (stemmed forms, words marked),
 * and a hit opens the room at that message; Carol's search never shows it.
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;
if (!process.env.NO_RETRY) jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-search');
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

suite('message search in the web app', () => {
  let server: ServerProcess;
  let browser: Browser;
  let bob: Page;
  let carol: Page;
  let api: ReturnType<typeof restAs>;
  const contexts: BrowserContext[] = [];
  const stamp = Date.now() % 100000;
  const names = { alice: `alice${stamp}`, bob: `bob${stamp}`, carol: `carol${stamp}` };
  const TARGET = 'The deployment of the billing service failed twice';
  let opsId = '';
  let targetId = '';

  beforeAll(async () => {
    ({ server } = await startBrowserServer());
    api = restAs(server.url);
    browser = await launchChromium();
    [, bob, carol] = await people(browser, server.url, [names.alice, names.bob, names.carol], contexts);
    const users = await api<{ results: { id: string; username: string }[] }>(names.alice, 'GET', `/users?search=${stamp}`);
    const idOf = (username: string) => users.results.find((u) => u.username === username)!.id;
    opsId = (
      await api<{ id: string }>(names.alice, 'POST', '/rooms', {
        name: 'Ops room',
        room_type: 'GROUP',
        visibility: 'private',
        participants: [idOf(names.bob)],
      })
    ).id;
    const lobbyId = (
      await api<{ id: string }>(names.alice, 'POST', '/rooms', {
        name: 'Lobby',
        room_type: 'GROUP',
        visibility: 'private',
        participants: [idOf(names.carol)],
      })
    ).id;
    await api(names.alice, 'POST', `/rooms/${lobbyId}/messages`, { content: 'Deployment notes for the lobby' });
    targetId = (await api<{ id: string }>(names.alice, 'POST', `/rooms/${opsId}/messages`, { content: TARGET })).id;
    // More than the first page after it: opening the room at the hit has to page back to it.
    for (let i = 0; i < 55; i += 1) await api(names.alice, 'POST', `/rooms/${opsId}/messages`, { content: `filler ${i}` });
    await api(names.bob, 'POST', `/rooms/${opsId}/read`); // all read: the room would open at the newest, not at the hit
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { bob, carol }, server));
  afterAll(() => closeBrowserSuite(contexts, browser, server));

  const topSearch = (page: Page) => page.getByRole('searchbox', { name: 'Search messages in all your rooms' });
  const status = (page: Page, within: string) => page.locator(within).getByRole('status');

  it('finds a stemmed word across rooms from the top bar, marks it, and opens the room at that message', async () => {
    await bob.goto('/search');
    await bob.getByText('Type words in the search box at the top').waitFor();
    await topSearch(bob).fill('deployments');
    await topSearch(bob).press('Enter');
    await bob.getByRole('heading', { name: 'Search: deployments', level: 1 }).waitFor();
    const hits = bob.getByRole('list', { name: 'Search results' });
    await hits.getByRole('listitem').first().waitFor();
    expect(await status(bob, 'main').textContent()).toBe('1 result.');
    const hit = hits.getByRole('link').first();
    expect(await hit.textContent()).toContain(`Ops room · ${names.alice}`);
    expect(await hit.locator('.search-hit__text').textContent()).toBe(TARGET);
    expect(await hit.locator('mark').allTextContents()).toEqual(['deployment']); // "deployments" stems to Alice's "deployment"
    expect(await hit.locator('time').count()).toBe(1);
    expect(await axeViolations(bob, 'body')).toEqual([]);

    // Another word, nothing found, said in words.
    await topSearch(bob).fill('zebra');
    await topSearch(bob).press('Enter');
    await status(bob, 'main').getByText('No messages match “zebra”.').waitFor();
    expect(await hits.count()).toBe(0);
    await bob.goBack();
    await hits.getByRole('listitem').first().waitFor();
    expect(await topSearch(bob).inputValue()).toBe('deployments');

    // Keyboard only: the hit is a link; Enter opens the room at the message, focused and in view.
    await hit.focus();
    await bob.keyboard.press('Enter');
    await bob.getByRole('heading', { name: 'Ops room', level: 1 }).waitFor();
    const target = bubble(bob, TARGET);
    await target.and(bob.locator('.message--target')).waitFor();
    await waitUntil(() => target.evaluate(focused), 10_000);
    expect(await inView(target)).toBe(true);
    expect(new URL(bob.url()).searchParams.get('seq')).not.toBeNull();
  }, 60_000);

  it('searches within the room in a side panel, jumps to the hit, and Escape returns focus', async () => {
    await openRoom(bob, opsId, 'Ops room');
    await bubble(bob, 'filler 54').waitFor();
    expect(await bubble(bob, TARGET).count()).toBe(0); // older than the first page
    const open = bob.getByRole('button', { name: 'Search in room' });
    await open.click();
    const panel = bob.getByRole('complementary', { name: 'Search this room' });
    const box = panel.getByRole('searchbox', { name: 'Words to find in this room' });
    await box.waitFor();
    expect(await box.evaluate(focused)).toBe(true);
    expect(await open.getAttribute('aria-expanded')).toBe('true');

    await box.fill('billed'); // Alice wrote "billing"
    await box.press('Enter');
    const matches = panel.getByRole('list', { name: 'Matches in this room' });
    const hit = matches.getByRole('button').first();
    await hit.waitFor();
    expect(await status(bob, '#search').textContent()).toBe('1 result.');
    expect(await hit.locator('mark').allTextContents()).toEqual(['billing']);
    expect(await hit.textContent()).toContain(names.alice);
    expect(await axeViolations(bob, '#search')).toEqual([]);

    await hit.focus();
    await bob.keyboard.press('Enter');
    const target = bubble(bob, TARGET);
    await target.waitFor();
    await waitUntil(() => target.evaluate(focused), 10_000);
    expect(await inView(target)).toBe(true);

    await box.fill('zebra');
    await box.press('Enter');
    await status(bob, '#search').getByText('No messages match “zebra”.').waitFor();
    await box.press('Escape');
    await panel.waitFor({ state: 'detached' });
    expect(await open.evaluate(focused)).toBe(true);
  }, 60_000);

  it('pages with "Load more" on the search page and in the panel', async () => {
    // Too long for Parley (1 to 200 characters): its refusal in words.
    await bob.goto(`/search?q=${'a'.repeat(201)}`);
    const alert = bob.getByRole('main').getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('The search words must be shorter than or equal to 200 characters.');
    expect(await bob.getByRole('list', { name: 'Search results' }).count()).toBe(0);

    await bob.goto('/search?q=filler');
    const hits = bob.getByRole('list', { name: 'Search results' }).getByRole('listitem');
    await hits.first().waitFor();
    expect(await status(bob, 'main').textContent()).toBe('50 results so far, more with “Load more”.');
    expect(await hits.first().locator('.search-hit__text').textContent()).toBe('filler 54'); // newest first
    await bob.getByRole('button', { name: 'Load more' }).click();
    await status(bob, 'main').getByText('55 results.').waitFor();
    expect(await hits.last().locator('.search-hit__text').textContent()).toBe('filler 0');
    expect(await bob.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    await openRoom(bob, opsId, 'Ops room');
    await bob.getByRole('button', { name: 'Search in room' }).click();
    const box = bob.getByRole('searchbox', { name: 'Words to find in this room' });
    await box.fill('filler');
    await box.press('Enter');
    const matches = bob.getByRole('list', { name: 'Matches in this room' }).getByRole('listitem');
    await status(bob, '#search').getByText('50 results so far, more with “Load more”.').waitFor();
    expect(await matches.first().locator('.search-hit__text').textContent()).toBe('filler 54');
    await bob.locator('#search').getByRole('button', { name: 'Load more' }).click();
    await status(bob, '#search').getByText('55 results.').waitFor();
    expect(await matches.last().locator('.search-hit__text').textContent()).toBe('filler 0');
  }, 60_000);

  it('opens a thread-only reply in its thread, from the page and from the panel', async () => {
    await api(names.alice, 'POST', `/rooms/${opsId}/messages`, { content: 'Rollback scheduled for tonight', thread_root_id: targetId });
    await topSearch(bob).fill('rollbacks');
    await topSearch(bob).press('Enter');
    const hit = bob.getByRole('list', { name: 'Search results' }).getByRole('link').first();
    await hit.waitFor();
    expect(await hit.textContent()).toContain('in a thread');
    expect(new URL((await hit.getAttribute('href'))!, server.url).searchParams.get('thread')).toBe(targetId);
    await hit.click();
    const thread = bob.getByRole('complementary', { name: 'Thread' });
    await thread.getByRole('log', { name: 'Replies' }).getByText('Rollback scheduled for tonight').waitFor();
    await thread.getByRole('button', { name: 'Close thread' }).click();

    await bob.getByRole('button', { name: 'Search in room' }).click();
    const box = bob.getByRole('searchbox', { name: 'Words to find in this room' });
    await box.fill('rollback');
    await box.press('Enter');
    await bob.getByRole('list', { name: 'Matches in this room' }).getByRole('button').first().click();
    await thread.getByRole('log', { name: 'Replies' }).getByText('Rollback scheduled for tonight').waitFor();
  }, 60_000);

  it("shows a formatted message's words, not its markup, with the words marked", async () => {
    await api(names.alice, 'POST', `/rooms/${opsId}/messages`, {
      content: 'Read the **onboarding** guide in [the wiki](https://wiki.example.com) and `npm ci` _first_',
    });
    const READ = 'Read the onboarding guide in the wiki and npm ci first';
    await topSearch(bob).fill('onboarding');
    await topSearch(bob).press('Enter');
    const hit = bob.getByRole('list', { name: 'Search results' }).getByRole('link').first();
    await hit.waitFor();
    expect(await hit.locator('.search-hit__text').textContent()).toBe(READ);
    expect(await hit.locator('mark').allTextContents()).toEqual(['onboarding']);
    expect(await hit.locator('.search-hit__text a, .search-hit__text strong').count()).toBe(0); // no link inside the hit's link
    expect(await axeViolations(bob, 'main')).toEqual([]);

    await openRoom(bob, opsId, 'Ops room');
    await bob.getByRole('button', { name: 'Search in room' }).click();
    const box = bob.getByRole('searchbox', { name: 'Words to find in this room' });
    await box.fill('guides wiki');
    await box.press('Enter');
    const inRoom = bob.getByRole('list', { name: 'Matches in this room' }).getByRole('button').first();
    await inRoom.waitFor();
    expect(await inRoom.locator('.search-hit__text').textContent()).toBe(READ);
    expect(await inRoom.locator('mark').allTextContents()).toEqual(['guide', 'wiki']);
    expect(await axeViolations(bob, '#search')).toEqual([]);
  }, 60_000);

  it("does not show a room's messages to someone outside it", async () => {
    await carol.goto('/');
    await topSearch(carol).fill('deployments');
    await topSearch(carol).press('Enter');
    const hits = carol.getByRole('list', { name: 'Search results' });
    await hits.getByRole('listitem').first().waitFor();
    expect(await status(carol, 'main').textContent()).toBe('1 result.');
    expect(await hits.textContent()).toContain('Lobby');
    expect(await hits.textContent()).not.toContain('billing');
    expect(await hits.textContent()).not.toContain('Ops room');
  }, 60_000);
});
