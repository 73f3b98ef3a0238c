import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { browserSuiteEnabled, closeBrowserSuite, launchChromium, register, saveArtifacts, startBrowserServer } from '../support/browser';
import { axeViolations, SpecApi } from '../support/browser-api';
import { bubble, composer, say } from '../support/browser-messages';
import type { ServerProcess } from '../support/server-process';

/**
 * Content rules in Chromium (docs/compliance.md, docs/web-app.md): a global admin (ADMIN_* at boot)
 * manages the deployment's rules in the console, a room admin the room's in its settings; a member's
 * send or edit a rule blocks says why and keeps the text to fix, a mask rule's match is stored masked,
 * a plain member is offered no rules, and the server's 400 for a bad pattern shows under its field.
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;

jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-content-rules');
const ADMIN = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-for-tests', ADMIN_EMAIL: 'root@example.com' };
const BLOCKED = 'Not sent: This message was blocked by a content rule. Change the message and send it again.';

suite('content rules in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let root: Page;
  let bob: Page;
  let carol: Page;
  const contexts: BrowserContext[] = [];
  const stamp = Date.now() % 100000;
  const names = { alice: `alice${stamp}`, bob: `bob${stamp}`, carol: `carol${stamp}` };
  const api = new SpecApi(() => server.url, 'a-good-password');
  const rootApi = new SpecApi(() => server.url, ADMIN.ADMIN_PASSWORD);
  const loadedScripts: string[] = [];
  let roomId = '';

  beforeAll(async () => {
    ({ server } = await startBrowserServer(ADMIN));
    browser = await launchChromium();
    [root, bob, carol] = await Promise.all([newPage(), newPage(), newPage()]);
    carol.on('request', (r) => r.resourceType() === 'script' && loadedScripts.push(new URL(r.url()).pathname));
    await api.register(names.alice);
    await register(bob, names.bob);
    await register(carol, names.carol);
    const [bobId, carolId] = await Promise.all([api.userId(names.alice, names.bob), api.userId(names.alice, names.carol)]);
    roomId = (await api.ok(names.alice, 'POST', '/rooms', { name: 'Book club', room_type: 'GROUP', participants: [bobId, carolId] })).id;
    await api.ok(names.alice, 'PATCH', `/rooms/${roomId}/members/${carolId}`, { role: 'admin' });
    await root.goto('/');
    await root.getByLabel('Username or email').fill(ADMIN.ADMIN_USERNAME);
    await root.getByLabel('Password').fill(ADMIN.ADMIN_PASSWORD);
    await root.getByRole('button', { name: 'Sign in' }).click();
    await root.getByRole('button', { name: 'Sign out' }).waitFor();
    await Promise.all([bob.goto(`/rooms/${roomId}`), carol.goto(`/rooms/${roomId}`)]);
    await Promise.all([heading(bob, 'Book club').waitFor(), heading(carol, 'Book club').waitFor()]);
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { root, bob, carol }, server));
  afterAll(() => closeBrowserSuite(contexts, browser, server));

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1200, height: 800 } });
    contexts.push(context);
    return context.newPage();
  }
  const heading = (page: Page, name: string) => page.getByRole('heading', { name, level: 1 });
  const storedTexts = async () =>
    ((await api.ok(names.alice, 'GET', `/rooms/${roomId}/messages`)).results as { type: string; content: string }[])
      .filter((m) => m.type === 'text')
      .map((m) => m.content);
  const rulesList = (page: Page, name: string) => page.getByRole('list', { name });
  const openConsoleRules = async () => {
    await root.getByRole('link', { name: 'Admin' }).click();
    await root.getByRole('heading', { name: 'Admin console: Reports', level: 1 }).waitFor();
    await root.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name: 'Content rules' }).click();
    await root.getByRole('heading', { name: 'Admin console: Content rules', level: 1 }).waitFor();
  };
  const newRuleForm = (page: Page) => page.getByRole('form', { name: 'New content rule' });
  const isFocused = (locator: Locator) =>
    locator.evaluate((el) => el === (globalThis as unknown as { document: { activeElement: unknown } }).document.activeElement);

  it('a global admin creates a blocking word rule; a member’s send is refused with the reason and the draft kept, and an edit too', async () => {
    await say(bob, 'the plot was great');
    await bubble(bob, 'the plot was great').waitFor();

    await openConsoleRules();
    await root.getByText('No content rules yet.').waitFor();
    const form = newRuleForm(root);
    await form.getByLabel('Rule name').fill('No spoilers');
    await form.getByLabel('Kind').selectOption('words');
    await form.getByLabel('Words or phrases, one a line').fill('spoiler\nthe butler did it');
    await form.getByLabel('Action').selectOption('block');
    expect(await axeViolations(root)).toEqual([]);
    await form.getByRole('button', { name: 'Create rule' }).click();
    await root.getByRole('status').filter({ hasText: 'Rule “No spoilers” created.' }).waitFor();
    const rule = rulesList(root, 'Deployment content rules').getByRole('listitem', { name: 'No spoilers' });
    await rule.getByText('Words: spoiler, the butler did it').waitFor();
    expect((await rootApi.ok(ADMIN.ADMIN_USERNAME, 'GET', '/admin/content-rules')).results).toMatchObject([
      { name: 'No spoilers', kind: 'words', action: 'block', enabled: true, words: ['spoiler', 'the butler did it'] },
    ]);

    // The send is refused in the socket's ack: the reason under the box, the text back in it, nothing stored.
    await say(bob, 'Spoiler: the butler did it');
    const alert = bob.getByRole('form', { name: 'Write a message' }).getByRole('alert');
    await alert.filter({ hasText: BLOCKED }).waitFor();
    expect(await composer(bob).inputValue()).toBe('Spoiler: the butler did it');
    expect(await composer(bob).getAttribute('aria-invalid')).toBe('true');
    expect(await isFocused(composer(bob))).toBe(true);
    expect(await bob.getByText('Retry').count()).toBe(0); // no failed bubble: the composer holds the draft
    expect(await storedTexts()).toEqual(['the plot was great']);
    expect(await axeViolations(bob)).toEqual([]);

    await composer(bob).fill('No hints: it was a good ending');
    await composer(bob).press('Enter');
    await bubble(bob, 'No hints: it was a good ending').waitFor();
    expect(await alert.count()).toBe(0);
    expect(await composer(bob).inputValue()).toBe('');

    // An edit a rule refuses keeps the editor open with the text as written.
    const mine = bubble(bob, 'the plot was great');
    await mine.hover();
    await mine.getByRole('button', { name: /^Edit message/ }).click();
    const editor = bob.getByRole('textbox', { name: 'Edit message' });
    await editor.fill('the plot was great, spoiler ahead');
    await editor.press('Enter');
    await bob
      .getByRole('alert')
      .filter({ hasText: 'Not saved: This message was blocked by a content rule. Change the message and save it again.' })
      .waitFor();
    expect(await editor.inputValue()).toBe('the plot was great, spoiler ahead');
    expect(await storedTexts()).toEqual(['the plot was great', 'No hints: it was a good ending']);
    await editor.press('Escape');
  }, 90_000);

  it('edits the rule to mask: the match is stored and shown masked; disabled it stops; deleted after a confirmation', async () => {
    const list = rulesList(root, 'Deployment content rules');
    const rule = list.getByRole('listitem', { name: 'No spoilers' });
    await rule.getByRole('button', { name: 'Edit rule No spoilers' }).click();
    const edit = root.getByRole('form', { name: 'Edit rule No spoilers' });
    expect(await edit.getByText('Kind: Words and phrases (a rule keeps its kind)').count()).toBe(1);
    await edit.getByLabel('Action').selectOption('mask');
    await edit.getByRole('button', { name: 'Save rule' }).click();
    await root.getByRole('status').filter({ hasText: 'Rule “No spoilers” saved.' }).waitFor();
    await rule.getByText('Mask', { exact: true }).waitFor();

    await say(bob, 'a spoiler here');
    await bubble(bob, 'a ******* here').waitFor();
    expect((await storedTexts()).at(-1)).toBe('a ******* here');
    await bubble(carol, 'a ******* here').waitFor(); // others only ever see the masked text

    await rule.getByRole('button', { name: 'Disable rule No spoilers' }).click();
    await root.getByRole('status').filter({ hasText: 'Rule “No spoilers” disabled.' }).waitFor();
    await rule.getByText('(disabled)').waitFor();
    await say(bob, 'spoiler again');
    await bubble(bob, 'spoiler again').waitFor();

    await rule.getByRole('button', { name: 'Delete rule No spoilers' }).click();
    const keep = rule.getByRole('button', { name: 'Keep' });
    expect(await isFocused(keep)).toBe(true);
    await keep.click();
    await rule.getByRole('button', { name: 'Delete rule No spoilers' }).waitFor(); // nothing deleted
    await rule.getByRole('button', { name: 'Delete rule No spoilers' }).click();
    await rule.getByRole('group', { name: 'Delete rule No spoilers?' }).getByRole('button', { name: 'Delete rule' }).click();
    await root.getByRole('status').filter({ hasText: 'Rule “No spoilers” deleted.' }).waitFor();
    await root.getByText('No content rules yet.').waitFor();
    expect((await rootApi.ok(ADMIN.ADMIN_USERNAME, 'GET', '/admin/content-rules')).results).toEqual([]);
  }, 60_000);

  it('shows the server’s 400 for an invalid regular expression under Pattern', async () => {
    const form = newRuleForm(root);
    await form.getByLabel('Kind').selectOption('regex');
    const pattern = form.getByLabel('Pattern');
    await pattern.fill('(unclosed');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await form.getByText(/^Not a valid RE2 pattern/).waitFor();
    expect(await pattern.getAttribute('aria-invalid')).toBe('true');
    const described = (await pattern.getAttribute('aria-describedby')) ?? '';
    expect(await root.locator(`[id="${described.split(' ').at(-1)}"]`).textContent()).toMatch(/^Not a valid RE2 pattern/);
    await form.getByRole('alert').filter({ hasText: 'Please correct the fields marked above.' }).waitFor();
    expect(await axeViolations(root)).toEqual([]);
    expect((await rootApi.ok(ADMIN.ADMIN_USERNAME, 'GET', '/admin/content-rules')).results).toEqual([]);

    await pattern.fill('sp[o0]iler');
    await form.getByRole('button', { name: 'Create rule' }).click();
    await rulesList(root, 'Deployment content rules').getByText('Pattern: sp[o0]iler').waitFor();
    const [created] = (await rootApi.ok(ADMIN.ADMIN_USERNAME, 'GET', '/admin/content-rules')).results;
    await rootApi.ok(ADMIN.ADMIN_USERNAME, 'DELETE', `/admin/content-rules/${created.id}`);
  }, 60_000);

  it('a room admin manages the room’s rules in its settings (loaded on demand); a plain member is offered none', async () => {
    expect(loadedScripts.some((p) => p.includes('ContentRules'))).toBe(false); // not in the first load
    await carol.getByRole('button', { name: 'Room settings' }).click();
    const dialog = carol.getByRole('dialog', { name: 'Room settings' });
    await dialog.getByRole('button', { name: 'Content rules…' }).click();
    await dialog.getByRole('heading', { name: 'Content rules', level: 3 }).waitFor();
    expect(loadedScripts.some((p) => /\/assets\/ContentRules-[\w-]+\.js$/.test(p))).toBe(true);
    await dialog.getByText('No content rules yet.').waitFor();
    const form = dialog.getByRole('form', { name: 'New content rule' });
    await form.getByLabel('Rule name').fill('No homework answers');
    await form.getByLabel('Words or phrases, one a line').fill('answer key');
    await form.getByRole('button', { name: 'Create rule' }).click();
    const rule = rulesList(carol, 'The room’s content rules').getByRole('listitem', { name: 'No homework answers' });
    await rule.getByText('Words: answer key').waitFor();
    expect(await axeViolations(carol)).toEqual([]);
    expect((await api.ok(names.carol, 'GET', `/rooms/${roomId}/content-rules`)).results).toMatchObject([
      { scope: 'room', room_id: roomId, name: 'No homework answers', action: 'block' },
    ]);

    // Bob, a plain member: settings without rules, and the API agrees.
    await bob.getByRole('button', { name: 'Room settings' }).click();
    const bobs = bob.getByRole('dialog', { name: 'Room settings' });
    await bobs.getByRole('heading', { name: 'Notifications' }).waitFor();
    expect(await bobs.getByRole('button', { name: 'Content rules…' }).count()).toBe(0);
    expect(await bobs.getByText('Content rules').count()).toBe(0);
    expect((await api.call(names.bob, 'GET', `/rooms/${roomId}/content-rules`)).status).toBe(403);
    await bobs.getByRole('button', { name: 'Close' }).click();

    await say(bob, 'who has the answer key?');
    await bob.getByRole('form', { name: 'Write a message' }).getByRole('alert').filter({ hasText: BLOCKED }).waitFor();
    expect(await composer(bob).inputValue()).toBe('who has the answer key?');

    await rule.getByRole('button', { name: 'Delete rule No homework answers' }).click();
    await rule.getByRole('button', { name: 'Delete rule', exact: true }).click();
    await dialog.getByText('No content rules yet.').waitFor();
    await composer(bob).press('Enter');
    await bubble(bob, 'who has the answer key?').waitFor();
  }, 90_000);
});
