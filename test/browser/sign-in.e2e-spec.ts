import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSuiteEnabled, closeBrowserSuite, launchChromium, saveArtifacts, startBrowserServer } from '../support/browser';
import { OidcProvider } from '../support/oidc-provider';
import type { ServerProcess } from '../support/server-process';

/**
 * Browser sign-in in a real Chromium (docs/sign-in.md): the whole OpenID Connect round trip through a
 * stand-in provider to the web app's `#handoff=`, Sign out through the provider's logout page, and a
 * handoff exchanged by the web app inside a frame (tokens in the frame's sessionStorage, no cookie).
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;

jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-sign-in');
const ADMIN = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-123', ADMIN_EMAIL: 'root@example.com' };

suite('browser sign-in in Chromium', () => {
  let server: ServerProcess;
  let idp: OidcProvider;
  let browser: Browser;
  let page: Page;
  const contexts: BrowserContext[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1100, height: 760 } });
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    idp = await new OidcProvider().start();
    ({ server } = await startBrowserServer(ADMIN));
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: ADMIN.ADMIN_USERNAME, password: ADMIN.ADMIN_PASSWORD }),
    });
    const { access_token, user } = (await login.json()) as { access_token: string; user: { id: string } };
    const me = await fetch(`${server.url}/api/v1/organizations`, { headers: { Authorization: `Bearer ${access_token}` } });
    const organization = ((await me.json()) as { results: { id: string; slug: string }[] }).results.find((o) => o.slug === 'default')!;
    const put = await fetch(`${server.url}/api/v1/organizations/${organization.id}/sign-in/oidc`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${access_token}` },
      body: JSON.stringify({ issuer: idp.issuer, client_id: idp.clientId, client_secret: idp.clientSecret }),
    });
    expect({ status: put.status, user: Boolean(user) }).toEqual({ status: 200, user: true });
    browser = await launchChromium();
    page = await newPage();
  }, 180_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { page }, server));
  afterAll(async () => {
    await closeBrowserSuite(contexts, browser, server);
    await idp.close();
  });

  it('signs in through the provider, leaves no code in the address, and signs out at the provider too', async () => {
    idp.nextUser = { sub: 'ada', sid: 'ada-browser', claims: { preferred_username: 'ada', name: 'Ada Lovelace', email: 'ada@example.com' } };
    await page.goto('/api/v1/auth/oidc/default/login');
    await page.getByRole('heading', { name: 'Welcome, Ada Lovelace' }).waitFor();
    expect(new URL(page.url()).hash).toBe('');
    expect(await page.evaluate<string | null>("localStorage.getItem('parley.tokens')")).toContain('refresh_token');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(idp.endSessionCalls).toHaveLength(1);
    expect(idp.endSessionCalls[0].get('id_token_hint')).toMatch(/^ey/);
    expect(await page.evaluate<string | null>("localStorage.getItem('parley.tokens')")).toBeNull();
  }, 60_000);

  it('exchanges a handoff inside a frame, keeping the tokens in the frame’s sessionStorage', async () => {
    // The round trip without a browser (the provider's answer followed by hand), to get a code for the frame.
    idp.nextUser = { sub: 'grace', claims: { preferred_username: 'grace', name: 'Grace Hopper' } };
    const login = await fetch(`${server.url}/api/v1/auth/oidc/default/login`, { redirect: 'manual' });
    const atProvider = await fetch(login.headers.get('location')!, { redirect: 'manual' });
    const callback = await fetch(atProvider.headers.get('location')!, { redirect: 'manual' });
    const handoff = new URL(callback.headers.get('location')!).hash;
    expect(handoff).toMatch(/^#handoff=/);

    const host = await newPage();
    await host.goto('/');
    await host.getByRole('button', { name: 'Sign in' }).waitFor();
    // The host page frames the web app (same origin here: the default CSP allows only its own frames).
    await host.evaluate(
      `(() => { const frame = document.createElement('iframe'); frame.title = 'Parley'; frame.style.width = '1000px'; frame.style.height = '700px'; frame.src = '/${handoff}'; document.body.appendChild(frame); })()`,
    );
    const frame = host.frameLocator('iframe[title="Parley"]');
    await frame.getByRole('heading', { name: 'Welcome, Grace Hopper' }).waitFor();
    const inside = host.frames().find((f) => f !== host.mainFrame())!;
    expect(new URL(inside.url()).hash).toBe('');
    expect(await inside.evaluate<string | null>("sessionStorage.getItem('parley.tokens')")).toContain('refresh_token');
    expect(await inside.evaluate<string | null>("localStorage.getItem('parley.tokens')")).toBeNull();
    expect(await host.context().cookies()).toEqual([]);
  }, 60_000);
});
