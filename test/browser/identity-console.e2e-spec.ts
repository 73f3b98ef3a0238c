import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { browserSuiteEnabled, closeBrowserSuite, launchChromium, saveArtifacts, startBrowserServer } from '../support/browser';
import { axeViolations, SpecApi } from '../support/browser-api';
import type { ServerProcess } from '../support/server-process';

/**
 * The identity pages of the console in Chromium, as the default organization's admin (ADMIN_* at
 * boot): an OpenID Connect provider configured through the Sign-in page (stored, the secret never
 * shown), an LTI platform registered through the LTI page, and the sign-in screen's organization button.
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;

jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-identity-console');
const ADMIN = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-for-tests', ADMIN_EMAIL: 'root@example.com' };
const DEFAULT_ORGANIZATION_ID = '00000000-0000-4000-8000-000000000001';

suite('the identity console pages in Chromium', () => {
  let server: ServerProcess;
  let browser: Browser;
  let root: Page;
  let visitor: Page;
  const contexts: BrowserContext[] = [];
  const api = new SpecApi(() => server.url, ADMIN.ADMIN_PASSWORD);

  beforeAll(async () => {
    ({ server } = await startBrowserServer({ ...ADMIN, LTI_ALLOW_PRIVATE: 'true' })); /* the platform's endpoints are on loopback */
    browser = await launchChromium();
    [root, visitor] = await Promise.all([newPage(), newPage()]);
    await root.goto('/');
    await root.getByLabel('Username or email').fill(ADMIN.ADMIN_USERNAME);
    await root.getByLabel('Password').fill(ADMIN.ADMIN_PASSWORD);
    await root.getByRole('button', { name: 'Sign in', exact: true }).click();
    await root.getByRole('button', { name: 'Sign out' }).waitFor();
    await root.getByRole('link', { name: 'Admin' }).click();
    await root.getByRole('heading', { name: 'Admin console: Reports', level: 1 }).waitFor();
  }, 120_000);

  afterEach(() => saveArtifacts(ARTIFACTS, { root, visitor }, server));
  afterAll(() => closeBrowserSuite(contexts, browser, server));

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1200, height: 800 } });
    contexts.push(context);
    return context.newPage();
  }
  const tab = async (name: string) => {
    await root.getByRole('navigation', { name: 'Console sections' }).getByRole('link', { name, exact: true }).click();
    await root.getByRole('heading', { name: `Admin console: ${name}`, level: 1 }).waitFor();
  };

  it('configures the OpenID Connect provider: stored, the values to register shown, the secret never shown', async () => {
    await tab('Sign-in');
    await root.getByText('No OpenID Connect provider yet.', { exact: false }).waitFor();
    const form = root.getByRole('form', { name: 'OpenID Connect provider' });
    await form.getByLabel('Issuer URL').fill('not a url');
    await form.getByLabel('Client id').fill('0oa1b2c3');
    await form.getByLabel('Issuer URL').evaluate((input) => input.setAttribute('type', 'text')); // past the browser's own check
    await form.getByRole('button', { name: 'Save OpenID Connect provider' }).click();
    await form.locator('.field-error').first().waitFor(); // the server's refusal beside the field
    expect(await form.getByLabel('Issuer URL').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('Issuer URL').fill('https://idp.example.com/oauth2');
    await form.getByLabel('Client secret').fill('top-secret-value');
    await form.getByLabel('Scopes').fill('openid profile email groups');
    await form.getByRole('button', { name: 'Save OpenID Connect provider' }).click();
    await root.getByRole('status').filter({ hasText: 'OpenID Connect provider saved.' }).waitFor();

    const stored = await api.ok(ADMIN.ADMIN_USERNAME, 'GET', `/organizations/${DEFAULT_ORGANIZATION_ID}/sign-in/oidc`);
    expect(stored).toMatchObject({ issuer: 'https://idp.example.com/oauth2', client_id: '0oa1b2c3', has_client_secret: true, enabled: true });
    expect(stored.scopes).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'groups']));
    const values = root.getByRole('definition').filter({ hasText: stored.redirect_uri });
    await values.getByRole('button', { name: 'Copy Redirect URI' }).waitFor();
    await root.getByText(stored.backchannel_logout_uri, { exact: true }).waitFor();
    expect(await root.getByRole('form', { name: 'OpenID Connect provider' }).getByLabel('Client secret').inputValue()).toBe('');
    expect(await root.content()).not.toContain('top-secret-value');
    expect(await axeViolations(root)).toEqual([]);
  }, 60_000);

  it('shows the tool URLs and registers, edits and deletes an LTI platform', async () => {
    await tab('LTI');
    const tool = await api.ok(ADMIN.ADMIN_USERNAME, 'GET', '/admin/lti/tool');
    await root.getByText(tool.login_url, { exact: true }).waitFor();
    await root.getByRole('button', { name: 'Copy Launch (redirect) URL' }).waitFor();

    const form = root.getByRole('form', { name: 'Register a platform' });
    await form.getByLabel('Name').fill('Canvas test');
    await form.getByLabel('Issuer').fill('https://canvas.test.instructure.com');
    await form.getByLabel('Client id').fill('10000000000042');
    await form.getByLabel('Deployment ids').fill('1:abc 2:def');
    await form.getByLabel('Authorization endpoint').fill(`${server.url}/lms/authorize`);
    await form.getByLabel('Platform JWKS URL').fill(`${server.url}/lms/jwks`);
    await form.getByRole('button', { name: 'Register platform' }).click();
    await root.getByRole('status').filter({ hasText: 'Platform registered.' }).waitFor();
    await root.getByRole('region', { name: 'LTI platforms' }).getByRole('cell', { name: 'Canvas test', exact: true }).waitFor();
    const { results } = await api.ok(ADMIN.ADMIN_USERNAME, 'GET', '/admin/lti/platforms');
    expect(results).toEqual([
      expect.objectContaining({
        name: 'Canvas test',
        issuer: 'https://canvas.test.instructure.com',
        client_id: '10000000000042',
        deployment_ids: ['1:abc', '2:def'],
      }),
    ]);
    expect(await axeViolations(root)).toEqual([]);

    await root.getByRole('button', { name: 'Edit Canvas test' }).click();
    const edit = root.getByRole('form', { name: 'Edit Canvas test' });
    await edit.getByLabel('Deployment ids').fill('1:abc');
    await edit.getByRole('button', { name: 'Save platform' }).click();
    await root.getByRole('status').filter({ hasText: 'Platform saved.' }).waitFor();
    expect((await api.ok(ADMIN.ADMIN_USERNAME, 'GET', `/admin/lti/platforms/${results[0].id}`)).deployment_ids).toEqual(['1:abc']);

    await root.getByRole('button', { name: 'Create a dynamic registration URL' }).click();
    await root.getByRole('button', { name: 'Copy Dynamic registration URL' }).waitFor();
    await root.getByRole('button', { name: 'Rotate the signing key' }).click();
    await root.getByRole('status').filter({ hasText: 'New signing key' }).waitFor();

    await root.getByRole('button', { name: 'Delete Canvas test' }).click();
    await root.getByRole('button', { name: 'Delete now' }).click();
    await root.getByText('No platforms registered yet.').waitFor();
    expect((await api.ok(ADMIN.ADMIN_USERNAME, 'GET', '/admin/lti/platforms')).results).toEqual([]);
  }, 60_000);

  it("offers the organization's sign-in once a slug is typed", async () => {
    await visitor.goto('/');
    await visitor.getByRole('heading', { name: 'Organization sign-in' }).waitFor();
    expect(await visitor.getByRole('link', { name: 'Sign in with your organization' }).count()).toBe(0);
    await visitor.getByRole('textbox', { name: 'Organization' }).fill('default');
    const oidc = visitor.getByRole('link', { name: 'Sign in with your organization', exact: true });
    expect(await oidc.getAttribute('href')).toBe('/api/v1/auth/oidc/default/login');
    expect(await visitor.getByRole('link', { name: 'Sign in with your organization (SAML)' }).getAttribute('href')).toBe(
      '/api/v1/auth/saml/default/login',
    );
    expect(await axeViolations(visitor)).toEqual([]);
  }, 60_000);
});
