import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { browserSuiteEnabled, closeBrowserSuite, launchChromium, register, saveArtifacts, startBrowserServer } from '../support/browser';
import { axeViolations, SpecApi } from '../support/browser-api';
import type { ServerProcess } from '../support/server-process';

/**
 * The admin console in Chromium, as a global admin (ADMIN_* at boot) with two
 * people: loaded on demand, user reports resolved while the reporter watches,
 * support agents made and unmade, the audit log, API keys (the secret once,
 * revoking), webhooks against a receiver in this process (test, a failed
 * delivery redelivered, the secret rotated).
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;

jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-admin-console');
const ADMIN = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-for-tests', ADMIN_EMAIL: 'root@example.com' };
const WEBHOOKS_FAST = {
  WEBHOOK_ALLOW_PRIVATE: 'true', // the receiver is on loopback
  WEBHOOK_POLL_INTERVAL_MS: '50',
  WEBHOOK_MAX_ATTEMPTS: '1', // a refused delivery fails at once: the console shows it failed
  WEBHOOK_TIMEOUT: '2s',
};

interface Received {
  id: string;
  body: string;
  headers: Record<string, string>;
}

suite('the admin console in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let root: Page;
  let bob: Page;
  const contexts: BrowserContext[] = [];
  const stamp = Date.now() % 100000;
  const names = { alice: `alice${stamp}`, bob: `bob${stamp}` };
  const api = new SpecApi(() => server.url, 'a-good-password');
  const loadedScripts: string[] = [];
  // The webhook receiver: what it got, and what it answers.
  let receiver: Server;
  let receiverUrl = '';
  let answer = 500;
  const received: Received[] = [];

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ id: String(req.headers['webhook-id']), body, headers: req.headers as Record<string, string> });
        res.writeHead(answer).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
    ({ server } = await startBrowserServer({ ...ADMIN, ...WEBHOOKS_FAST }));
    browser = await launchChromium();
    [root, bob] = await Promise.all([newPage(), newPage()]);
    root.on('request', (r) => r.resourceType() === 'script' && loadedScripts.push(new URL(r.url()).pathname));
    await api.register(names.alice);
    await register(bob, names.bob);
    await root.goto('/');
    await root.getByLabel('Username or email').fill(ADMIN.ADMIN_USERNAME);
    await root.getByLabel('Password').fill(ADMIN.ADMIN_PASSWORD);
    await root.getByRole('button', { name: 'Sign in' }).click();
    await root.getByRole('button', { name: 'Sign out' }).waitFor();
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { root, bob }, server));
  afterAll(async () => {
    await closeBrowserSuite(contexts, browser, server);
    await new Promise((resolve) => receiver?.close(resolve));
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1200, height: 800 } });
    contexts.push(context);
    return context.newPage();
  }
  const tab = async (name: string) => {
    await root.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name }).click();
    await root.getByRole('heading', { name: `Admin console: ${name}`, level: 1 }).waitFor();
  };
  /** Clicks Refresh until `locator` shows (deliveries are worked off in the background). */
  const refreshUntil = async (locator: ReturnType<Page['locator']>) => {
    for (let attempt = 0; !(await locator.isVisible()); attempt += 1) {
      if (attempt === 50) throw new Error(`never shown: ${locator}`);
      await root.getByRole('button', { name: 'Refresh deliveries' }).click();
      await locator.waitFor({ timeout: 300 }).catch(() => undefined);
    }
  };

  it('loads the console only when opened, and resolves a user report while the reporter sees the outcome live', async () => {
    expect(loadedScripts.some((p) => p.includes('AdminConsole'))).toBe(false); // not in the first load
    await api.ok(names.bob, 'POST', `/users/${await api.userId(names.bob, names.alice)}/report`, { reason: 'harassment', details: 'rude in DMs' });

    await root.getByRole('link', { name: 'Admin' }).click();
    await root.getByRole('heading', { name: 'Admin console: Reports', level: 1 }).waitFor();
    expect(loadedScripts.some((p) => /\/assets\/AdminConsole-[\w-]+\.js$/.test(p))).toBe(true);
    const card = root.getByRole('list', { name: 'Open reports' }).getByRole('listitem').filter({ hasText: 'rude in DMs' });
    await card.getByRole('heading', { name: `Harassment or bullying: User ${names.alice} (@${names.alice})` }).waitFor();
    expect(await card.getByLabel('Action').locator('option').allTextContents()).toEqual(['Dismiss (no action)']); // no room to act in
    expect(await axeViolations(root)).toEqual([]);
    await card.getByLabel('Note (kept with the report and in the audit log)').fill('talked to them');
    await card.getByRole('button', { name: 'Resolve' }).click();
    await root.getByText('No open reports.').waitFor();
    await bob.getByText('Your report of a person (harassment or bullying) was resolved: no action was needed.').waitFor();
  }, 60_000);

  it('makes a person a support agent (they see support rooms at once) and a consumer again; both show in the audit log', async () => {
    await api.ok(names.alice, 'POST', '/rooms', { room_type: 'SUPPORT', name: `Help for ${names.alice}` });
    await tab('Users');
    await root.getByLabel('Find people').fill(names.bob);
    await root.locator('#main').getByRole('button', { name: 'Search' }).click(); // not the top bar's message search
    await root.getByRole('button', { name: `Make support agent ${names.bob}` }).click();
    await root
      .getByRole('status')
      .filter({ hasText: `${names.bob} is a support agent now.` })
      .waitFor();
    expect(await axeViolations(root)).toEqual([]);

    await bob.getByRole('link', { name: 'Browse' }).click();
    await bob.getByRole('heading', { name: `Help for ${names.alice}` }).waitFor(); // support rooms are listed for agents
    expect((await api.ok(names.bob, 'GET', '/users/me')).user_type).toBe('support');

    await root.getByRole('button', { name: `Make consumer ${names.bob}` }).click();
    await root
      .getByRole('status')
      .filter({ hasText: `${names.bob} is no longer a support agent now.` })
      .waitFor();
    expect((await api.ok(names.bob, 'GET', '/users/me')).user_type).toBe('consumer');

    await tab('Audit log');
    const rows = root.getByRole('row').filter({ hasText: 'user.type_changed' });
    await rows.filter({ hasText: 'to: support' }).waitFor();
    await rows.filter({ hasText: 'to: consumer' }).waitFor();
    await root.getByRole('row').filter({ hasText: 'report.resolved' }).filter({ hasText: 'talked to them' }).waitFor();
    expect(await axeViolations(root)).toEqual([]);
  }, 60_000);

  it('creates an API key with scopes, shows its secret once, and revokes it', async () => {
    await tab('API keys');
    await root.getByLabel('Name').fill('LMS sync');
    await root.getByLabel(/users: create/).check();
    await root.getByLabel(/tokens: sign/).check();
    await root.getByRole('button', { name: 'Create key' }).click();
    const secret = root.locator('.secret');
    await secret.waitFor();
    const key = (await secret.textContent())!;
    expect(key).toMatch(/^pk_/);
    expect(await axeViolations(root)).toEqual([]);
    const platform = (k: string) =>
      fetch(`${server.url}/api/v1/platform/users/ext-${stamp}`, {
        method: 'PUT',
        headers: { 'Content-Type': 'application/json', 'X-Api-Key': k },
        body: JSON.stringify({ username: `ext${stamp}`, email: `ext${stamp}@example.com` }),
      });
    expect((await platform(key)).status).toBe(201);

    await root.getByRole('button', { name: 'I stored it' }).click();
    await secret.waitFor({ state: 'detached' });
    expect(await root.content()).not.toContain(key); // shown once
    const row = root.getByRole('row').filter({ hasText: 'LMS sync' });
    await row.getByRole('cell', { name: 'users, tokens' }).waitFor();
    await row.getByRole('button', { name: 'Revoke LMS sync' }).click();
    await row.getByRole('group', { name: 'Confirm revoking LMS sync' }).getByRole('button', { name: 'Revoke now' }).click();
    await row.getByText(/^revoked /).waitFor();
    expect((await platform(key)).status).toBe(401);
  }, 60_000);

  it('creates a webhook, tests it, redelivers a failed delivery and rotates the secret', async () => {
    await tab('Webhooks');
    await root.getByLabel('URL').fill(receiverUrl);
    await root.getByLabel('message.created').check();
    await root.getByRole('button', { name: 'Create webhook' }).click();
    const firstSecret = (await root.locator('.secret').textContent())!;
    expect(firstSecret).toMatch(/^whsec_/);
    await root.getByRole('button', { name: 'I stored it' }).click();

    await root.getByRole('button', { name: 'Send a test event' }).click(); // the receiver answers 500 for now
    const deliveries = root.getByRole('region', { name: 'Deliveries' });
    const failed = deliveries.getByRole('row').filter({ hasText: 'webhook.test' }).filter({ hasText: 'failed' });
    await refreshUntil(failed);
    await failed.getByRole('cell', { name: '500' }).waitFor();
    expect(await axeViolations(root)).toEqual([]);

    answer = 204;
    await failed.getByRole('button', { name: /^Redeliver webhook.test/ }).click();
    const delivered = deliveries.getByRole('row').filter({ hasText: 'webhook.test' }).filter({ hasText: 'delivered' });
    await refreshUntil(delivered);
    const tests = received.filter((r) => r.body.includes('webhook.test'));
    expect(tests.length).toBe(2);
    expect(tests[1].id).toBe(tests[0].id); // a redelivery keeps its webhook-id
    expect(() => new Webhook(firstSecret).verify(tests[1].body, tests[1].headers)).not.toThrow();

    await root.getByRole('button', { name: 'Rotate secret…' }).click();
    await root.getByRole('group', { name: 'Confirm rotating the secret' }).getByRole('button', { name: 'Rotate' }).click();
    const secondSecret = (await root.locator('.secret').textContent())!;
    expect(secondSecret).toMatch(/^whsec_/);
    expect(secondSecret).not.toBe(firstSecret);
    await root.getByRole('button', { name: 'I stored it' }).click();
    const before = received.length;
    await root.getByRole('button', { name: 'Send a test event' }).click();
    await refreshUntil(deliveries.getByRole('row').filter({ hasText: 'webhook.test' }).filter({ hasText: 'delivered' }).nth(1));
    const last = received.slice(before).find((r) => r.body.includes('webhook.test'))!;
    expect(() => new Webhook(secondSecret).verify(last.body, last.headers)).not.toThrow();
    expect(() => new Webhook(firstSecret).verify(last.body, last.headers)).toThrow();
  }, 60_000);
});
