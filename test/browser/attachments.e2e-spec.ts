import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import sharp from 'sharp';
import { browserSuiteEnabled, closeBrowserSuite, launchChromium, saveArtifacts, startBrowserServer, waitUntil } from '../support/browser';
import { axeViolations, bubble, composer, openRoom, people, restAs } from '../support/browser-messages';
import type { ServerProcess } from '../support/server-process';

/**
 * Files in the web app, two people in Chromium against a real Parley: picked with
 * the keyboard, dropped and pasted; upload progress; what the other person sees
 * live (a thumbnail that opens a viewer, cards that download); the server's limits
 * and refusals in words. UPLOAD_MAX_BYTES is lowered so a 413 is cheap to provoke.
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;
if (!process.env.NO_RETRY) jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-attachments');
const MAX_BYTES = 400_000;
type Focusable = { ownerDocument: { activeElement: unknown } };

suite('attachments in the web app', () => {
  let server: ServerProcess;
  let browser: Browser;
  let alice: Page;
  let bob: Page;
  const contexts: BrowserContext[] = [];
  const stamp = Date.now() % 100000;
  const names = { alice: `alice${stamp}`, bob: `bob${stamp}` };
  let api: ReturnType<typeof restAs>;

  beforeAll(async () => {
    ({ server } = await startBrowserServer({ UPLOAD_MAX_BYTES: String(MAX_BYTES) }));
    api = restAs(server.url);
    browser = await launchChromium();
    [alice, bob] = await people(browser, server.url, [names.alice, names.bob], contexts);
    const users = await api<{ results: { id: string; username: string }[] }>(names.alice, 'GET', `/users?search=${names.bob}`);
    const bobId = users.results.find((u) => u.username === names.bob)!.id;
    const room = await api<{ id: string }>(names.alice, 'POST', '/rooms', { name: 'Files room', room_type: 'GROUP', participants: [bobId] });
    await Promise.all([openRoom(alice, room.id, 'Files room'), openRoom(bob, room.id, 'Files room')]);
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { alice, bob }, server));
  afterAll(() => closeBrowserSuite(contexts, browser, server));

  const filesToSend = (page: Page) => page.getByRole('list', { name: 'Files to send' });

  it('sends an image picked with the keyboard; the other person sees its thumbnail live and opens it in a viewer', async () => {
    const photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3366ff' } })
      .png()
      .toBuffer();
    const attach = alice.getByRole('button', { name: 'Attach files' });
    const [chooser] = await Promise.all([alice.waitForEvent('filechooser'), attach.press('Enter')]); // the keyboard opens the picker
    await chooser.setFiles({ name: 'harbour.png', mimeType: 'image/png', buffer: photo });
    await filesToSend(alice).getByRole('listitem').filter({ hasText: 'harbour.png' }).getByText('Ready').waitFor();
    // Its preview is a blob: image of the picked file, which the page's CSP lets load (img-src 'self' blob: data:).
    const preview = filesToSend(alice).locator('img.upload__preview');
    expect(await preview.getAttribute('src')).toMatch(/^blob:/);
    await waitUntil(() => preview.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth === 640), 10_000);
    await composer(alice).fill('the harbour at noon');
    await composer(alice).press('Enter');
    await filesToSend(alice).waitFor({ state: 'detached' }); // the files went with the message

    const thumbnail = bubble(bob, 'the harbour at noon').getByRole('button', { name: 'View image harbour.png' });
    const img = thumbnail.getByRole('img', { name: 'harbour.png' });
    await img.waitFor();
    expect(await img.getAttribute('src')).toMatch(/^data:image\/webp;base64,/); // Parley's thumbnail, read with the token
    expect(await img.evaluate((i) => (i as unknown as { naturalWidth: number }).naturalWidth)).toBe(320);

    await thumbnail.focus();
    await bob.keyboard.press('Enter');
    const viewer = bob.getByRole('dialog', { name: 'harbour.png' });
    await viewer.getByRole('img', { name: 'harbour.png' }).waitFor();
    expect(await viewer.getByRole('img').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    await viewer.getByText('640×480').waitFor();
    expect(await axeViolations(bob, 'dialog[open]')).toEqual([]);
    await bob.keyboard.press('Escape');
    await viewer.waitFor({ state: 'detached' });
    expect(await thumbnail.evaluate((el) => el === (el as unknown as Focusable).ownerDocument.activeElement)).toBe(true); // focus back on the thumbnail
  }, 60_000);

  it('sends a dropped PDF and a pasted text file as cards the other person downloads', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const drop = await alice.evaluateHandle(`(() => {
      const data = new DataTransfer();
      data.items.add(new File([new Uint8Array(${JSON.stringify([...pdf])})], 'minutes.pdf', { type: 'application/pdf' }));
      return data;
    })()`);
    await alice.getByRole('region', { name: 'Files room' }).dispatchEvent('dragenter', { dataTransfer: drop });
    await alice.getByText('Drop files to attach them').waitFor();
    await alice.getByRole('region', { name: 'Files room' }).dispatchEvent('drop', { dataTransfer: drop });
    await filesToSend(alice).getByText('minutes.pdf').waitFor();
    const clipboard = await alice.evaluateHandle(`(() => {
      const data = new DataTransfer();
      data.items.add(new File(['agenda: ship it\\n'], 'notes.txt', { type: 'text/plain' }));
      return data;
    })()`);
    // What Ctrl+V with a copied file does:
    await composer(alice).evaluate((textarea, clipboardData) => {
      const { ClipboardEvent } = globalThis as unknown as { ClipboardEvent: new (type: string, init: object) => unknown };
      (textarea as unknown as { dispatchEvent(event: unknown): void }).dispatchEvent(
        new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true }),
      );
    }, clipboard);
    await filesToSend(alice).getByText('notes.txt').waitFor();
    await filesToSend(alice).getByText('Ready').nth(1).waitFor();
    await alice.getByRole('button', { name: 'Send' }).click(); // files alone, no text

    const pdfCard = bob.locator('.file-card', { hasText: 'minutes.pdf' });
    await pdfCard.getByText(`${pdf.length} B`).waitFor();
    await bob.locator('.file-card', { hasText: 'notes.txt' }).waitFor();
    const [download] = await Promise.all([bob.waitForEvent('download'), pdfCard.getByRole('button', { name: 'Download minutes.pdf' }).click()]);
    expect(download.suggestedFilename()).toBe('minutes.pdf');
    expect(await readFile((await download.path())!)).toEqual(pdf);
    expect(await axeViolations(bob, '.message-list')).toEqual([]);
  }, 60_000);

  it('shows upload progress, and the server’s limit and refusals in words', async () => {
    const cdp = await alice.context().newCDPSession(alice);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: 64 * 1024 });
    const slow = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(300_000, 0x20)]);
    await alice.locator('input[type=file]').setInputFiles({ name: 'slow.pdf', mimeType: 'application/pdf', buffer: slow });
    const progress = alice.getByRole('progressbar', { name: 'Uploading slow.pdf' });
    await waitUntil(async () => {
      const value = await progress.evaluate((bar) => (bar as unknown as { value: number }).value).catch(() => 1);
      return value > 0 && value < 1; // part of the way
    }, 20_000);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await progress.waitFor({ state: 'detached' });
    await filesToSend(alice).getByRole('listitem').filter({ hasText: 'slow.pdf' }).getByText('Ready').waitFor();

    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(MAX_BYTES + 50_000, 0x20)]);
    const program = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2_000)]);
    // The server's own limits (GET /uploads/limits) are stated, and a file over its size never leaves the page.
    await alice.getByText('Up to 10 files a message, 391 KB each: images, PDF', { exact: false }).first().waitFor({ state: 'attached' });
    const posted: string[] = [];
    const onRequest = (request: { method: () => string; url: () => string }) =>
      request.method() === 'POST' && new URL(request.url()).pathname === '/api/v1/uploads' && posted.push(request.url());
    alice.on('request', onRequest);
    await alice.locator('input[type=file]').setInputFiles([
      { name: 'big.pdf', mimeType: 'application/pdf', buffer: big },
      { name: 'setup.pdf', mimeType: 'application/pdf', buffer: program },
    ]);
    await filesToSend(alice).getByRole('alert').filter({ hasText: 'big.pdf is too large: at most 391 KB.' }).waitFor();
    await filesToSend(alice).getByRole('alert').filter({ hasText: 'setup.pdf: Executable files are not accepted.' }).waitFor();
    alice.off('request', onRequest);
    expect(posted).toHaveLength(1); // setup.pdf's type is the server's to judge; big.pdf was refused here, in the server's words
    await alice.getByText('Up to 10 files a message, 391 KB each: images, PDF', { exact: false }).first().waitFor();
    expect(await axeViolations(alice, '.composer')).toEqual([]);

    // Refused files stay out of the message; the good one goes.
    await alice.getByRole('button', { name: 'Remove big.pdf' }).click();
    await composer(alice).fill('the slow one');
    await composer(alice).press('Enter');
    await bubble(bob, 'the slow one').locator('.file-card', { hasText: 'slow.pdf' }).waitFor();
    expect(await bubble(bob, 'the slow one').locator('.file-card').count()).toBe(1);

    // Eleven files: ten are taken, the rest is refused before uploading.
    const eleven = Array.from({ length: 11 }, (_, i) => ({ name: `n${i}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`note ${i}\n`) }));
    await alice.locator('input[type=file]').setInputFiles(eleven);
    await alice.getByText('A message carries at most 10 files: 1 not added.').waitFor();
    expect(await filesToSend(alice).getByRole('listitem').count()).toBe(10);
  }, 60_000);
});
