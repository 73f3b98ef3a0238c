import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSuiteEnabled, closeBrowserSuite, launchChromium, saveArtifacts, startBrowserServer, waitUntil } from '../support/browser';
import { axeViolations, bubble, composer, openRoom, people, restAs, say, timelineTexts } from '../support/browser-messages';
import type { ServerProcess } from '../support/server-process';

/**
 * Reactions, replies, edits, formatting and threads in the web app: two people in
 * Chromium against a real Parley, each step checked on the other person's screen
 * as it happens (no reloads).
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;
if (!process.env.NO_RETRY) jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-reactions-threads');
type Focusable = { ownerDocument: { activeElement: unknown } };
const focused = (el: unknown) => el === (el as Focusable).ownerDocument.activeElement;

suite('reactions, replies and threads in the web app', () => {
  let server: ServerProcess;
  let browser: Browser;
  let alice: Page;
  let bob: Page;
  const contexts: BrowserContext[] = [];
  const stamp = Date.now() % 100000;
  const names = { alice: `alice${stamp}`, bob: `bob${stamp}` };

  beforeAll(async () => {
    ({ server } = await startBrowserServer());
    const api = restAs(server.url);
    browser = await launchChromium();
    [alice, bob] = await people(browser, server.url, [names.alice, names.bob], contexts);
    const users = await api<{ results: { id: string; username: string }[] }>(names.alice, 'GET', `/users?search=${names.bob}`);
    const bobId = users.results.find((u) => u.username === names.bob)!.id;
    const room = await api<{ id: string }>(names.alice, 'POST', '/rooms', { name: 'Lunch club', room_type: 'GROUP', participants: [bobId] });
    await Promise.all([openRoom(alice, room.id, 'Lunch club'), openRoom(bob, room.id, 'Lunch club')]);
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { alice, bob }, server));
  afterAll(() => closeBrowserSuite(contexts, browser, server));

  const chip = (page: Page, text: string, name: RegExp) => bubble(page, text).getByRole('list', { name: 'Reactions' }).getByRole('button', { name });

  it('reacts from a keyboard picker; counts, my highlight and who reacted follow live on both sides', async () => {
    await say(alice, 'lunch at noon?');
    const react = bubble(bob, 'lunch at noon?').getByRole('button', { name: 'React to message: lunch at noon?' });
    await react.press('Enter');
    const picker = bob.getByRole('dialog', { name: 'Reactions for message: lunch at noon?' });
    await picker.getByRole('button', { name: 'thumbs up' }).waitFor();
    expect(await axeViolations(bob, '.emoji-picker')).toEqual([]);
    await bob.keyboard.press('Escape'); // closes, focus back on the opener
    await picker.waitFor({ state: 'detached' });
    expect(await react.evaluate(focused)).toBe(true);
    await react.press('Enter');
    await picker.getByRole('button', { name: 'thumbs up' }).waitFor();
    await bob.keyboard.press('Tab'); // Tab leaves the popup the same way: closed, back on "React", then on to Reply
    await picker.waitFor({ state: 'detached' });
    expect(await react.evaluate(focused)).toBe(true);
    await bob.keyboard.press('Tab');
    expect(await bubble(bob, 'lunch at noon?').getByRole('button', { name: 'Reply to message: lunch at noon?' }).evaluate(focused)).toBe(true);

    await react.press('Enter');
    await bob.keyboard.press('ArrowRight'); // 👍 -> ❤️
    await bob.keyboard.press('Enter');
    await chip(bob, 'lunch at noon?', /^red heart: 1, including you$/).waitFor();
    expect(await chip(bob, 'lunch at noon?', /red heart/).getAttribute('aria-pressed')).toBe('true');
    const aliceHeart = chip(alice, 'lunch at noon?', /^red heart: 1$/);
    await aliceHeart.waitFor(); // live, and not Alice's
    expect(await aliceHeart.getAttribute('aria-pressed')).toBe('false');

    await aliceHeart.click();
    await chip(alice, 'lunch at noon?', /^red heart: 2, including you$/).waitFor();
    await chip(bob, 'lunch at noon?', /^red heart: 2, including you$/).waitFor(); // Bob's own mark kept across the update
    await chip(bob, 'lunch at noon?', /red heart/).hover();
    await bob.locator(`[title="Reacted: you, ${names.alice}"]`).waitFor(); // in order of reacting
    await chip(alice, 'lunch at noon?', /red heart/).focus();
    await alice.locator(`[title="Reacted: ${names.bob}, you"]`).waitFor();

    await chip(bob, 'lunch at noon?', /red heart/).click(); // Bob takes his back
    await chip(alice, 'lunch at noon?', /^red heart: 1, including you$/).waitFor();
    await chip(bob, 'lunch at noon?', /^red heart: 1$/).waitFor();

    // Keyboard only: taking back one's only reaction removes its chip; focus stays on the message, not lost to the page.
    await chip(alice, 'lunch at noon?', /red heart/).focus();
    await alice.keyboard.press('Enter');
    await bubble(alice, 'lunch at noon?').getByRole('list', { name: 'Reactions' }).waitFor({ state: 'detached' });
    const aliceReact = bubble(alice, 'lunch at noon?').getByRole('button', { name: 'React to message: lunch at noon?' });
    await waitUntil(() => aliceReact.evaluate(focused), 5_000);
    expect(await axeViolations(alice, '.message-list')).toEqual([]);
  }, 60_000);

  it('shows replies with their quoted message, edits as edited, and formatting rendered safely', async () => {
    await bubble(bob, 'lunch at noon?').getByRole('button', { name: 'Reply to message: lunch at noon?' }).click();
    await bob.getByText(`Replying to ${names.alice}: lunch at noon?`).waitFor();
    await say(bob, 'yes, **at noon** with `tacos`, see https://example.com/menu or [the map](https://example.com/map)');
    const reply = alice.getByRole('log', { name: 'Messages' }).locator('.message', { hasText: 'the map' });
    await reply.locator('blockquote', { hasText: 'lunch at noon?' }).waitFor();
    expect(await reply.locator('.message__body strong').textContent()).toBe('at noon');
    expect(await reply.locator('.message__body code').textContent()).toBe('tacos');
    const links = reply.locator('.message__body a');
    expect(
      await links.evaluateAll((all) => all.map((a) => [a.getAttribute('href'), a.getAttribute('rel'), a.getAttribute('target'), a.textContent])),
    ).toEqual([
      ['https://example.com/menu', 'noopener noreferrer', '_blank', 'https://example.com/menu'],
      ['https://example.com/map', 'noopener noreferrer', '_blank', 'the map'],
    ]);

    const hostile = 'try <img src=x onerror="alert(1)"> and [click](javascript:alert(1)) and _soft_\n```\nconst a = "<b>";\n```';
    await composer(alice).fill(hostile);
    await composer(alice).press('Enter');
    const shown = bob.getByRole('log', { name: 'Messages' }).locator('.message', { hasText: 'try <img' });
    await shown.locator('pre code').waitFor();
    expect(await shown.locator('pre code').textContent()).toBe('const a = "<b>";');
    expect(await shown.locator('.message__body em').textContent()).toBe('soft');
    expect(await shown.locator('.message__body img, .message__body b, .message__body a').count()).toBe(0); // markup stays text
    expect(await shown.locator('.message__body').textContent()).toContain('[click](javascript:alert(1))');

    // Keyboard only: Escape leaves an edit with focus back on Edit; a delete not confirmed (Escape, Keep) the same on Delete;
    // a confirmed delete leaves focus on the deleted message.
    const edit = alice.getByRole('button', { name: 'Edit message: lunch at noon?' });
    await edit.press('Enter');
    await alice.getByRole('textbox', { name: 'Edit message' }).press('Escape');
    await waitUntil(() => edit.evaluate(focused), 5_000);
    await say(alice, 'typo here');
    const del = alice.getByRole('button', { name: 'Delete message: typo here' });
    await del.press('Enter');
    const confirm = alice.getByRole('group', { name: 'Confirm delete' });
    await alice.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await waitUntil(() => del.evaluate(focused), 5_000);
    await del.press('Enter');
    await confirm.getByRole('button', { name: 'Keep' }).press('Enter');
    await waitUntil(() => del.evaluate(focused), 5_000);
    await del.press('Enter');
    await confirm.getByRole('button', { name: 'Delete' }).press('Enter');
    const deleted = alice.getByRole('log', { name: 'Messages' }).locator('.message', { hasText: 'Message deleted' }).last();
    await deleted.waitFor();
    await waitUntil(() => deleted.evaluate(focused), 5_000);

    await edit.click();
    await alice.getByRole('textbox', { name: 'Edit message' }).fill('lunch at one?');
    await alice.getByRole('textbox', { name: 'Edit message' }).press('Enter');
    await bubble(bob, 'lunch at one?').getByText('(edited)').waitFor();
    await bob.locator('blockquote', { hasText: 'lunch at one?' }).waitFor(); // the quote follows the edit
    expect(await axeViolations(bob, '.message-list')).toEqual([]);
  }, 60_000);

  it('runs a thread in a side panel: live replies, the root’s count and participants, nothing in the main timeline', async () => {
    await say(alice, 'where shall we sit?');
    await bubble(bob, 'where shall we sit?').getByRole('button', { name: 'React to message: where shall we sit?' }).click();
    await bob
      .getByRole('dialog', { name: /^Reactions for/ })
      .getByRole('button', { name: 'eyes' })
      .click();
    await chip(bob, 'where shall we sit?', /^eyes: 1, including you$/).waitFor();
    await bubble(bob, 'where shall we sit?').getByRole('button', { name: 'Thread of message: where shall we sit?' }).click();
    const bobThread = bob.getByRole('complementary', { name: 'Thread' });
    await bobThread.getByRole('heading', { name: 'Thread' }).waitFor();
    const threadBox = (page: Page) => page.getByRole('textbox', { name: 'Reply in thread' });
    await threadBox(bob).fill('by the window');
    await threadBox(bob).press('Enter');
    await threadBox(bob).fill('or outside');
    await threadBox(bob).press('Enter');
    await bobThread.getByRole('log', { name: 'Replies' }).getByText('or outside').waitFor();

    const root = bubble(alice, 'where shall we sit?');
    await root.getByRole('button', { name: '2 replies in thread' }).waitFor();
    await root.getByText(`· ${names.bob}`).waitFor(); // the participants
    expect(await timelineTexts(alice)).not.toContain('by the window');
    expect(await timelineTexts(bob)).not.toContain('by the window');

    await root.getByRole('button', { name: '2 replies in thread' }).click();
    const aliceThread = alice.getByRole('complementary', { name: 'Thread' });
    await aliceThread.getByRole('log', { name: 'Replies' }).getByText('or outside').waitFor();
    expect(await axeViolations(alice, '#thread')).toEqual([]);
    await threadBox(alice).fill('outside it is');
    await threadBox(alice).press('Enter');
    await bobThread.getByRole('log', { name: 'Replies' }).getByText('outside it is').waitFor(); // live in Bob's panel
    await bubble(bob, 'where shall we sit?').getByText(`· you, ${names.alice}`).waitFor();
    await bobThread.getByText('3 replies').waitFor();
    // The root came back three times as `message:updated` (whose reactions say `me: false` to everyone): Bob's mark stays.
    await chip(bob, 'where shall we sit?', /^eyes: 1, including you$/).waitFor();

    // "Also send to the room": in the thread and in both timelines.
    await bobThread.getByRole('checkbox', { name: 'Also send to the room' }).check();
    await threadBox(bob).fill('see you there');
    await threadBox(bob).press('Enter');
    await bubble(alice, 'see you there').waitFor();
    await aliceThread.getByRole('log', { name: 'Replies' }).getByText('see you there').waitFor();

    // Escape closes the panel and gives focus back to what opened it.
    await threadBox(alice).press('Escape');
    await aliceThread.waitFor({ state: 'detached' });
    expect(await root.getByRole('button', { name: '4 replies in thread' }).evaluate(focused)).toBe(true);
    // Reloaded, the history agrees: thread-only replies stay out.
    await alice.reload();
    await bubble(alice, 'see you there').waitFor();
    expect(await timelineTexts(alice)).not.toContain('outside it is');
  }, 60_000);
});
