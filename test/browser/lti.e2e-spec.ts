import { join } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { browserSuiteEnabled, closeBrowserSuite, launchChromium, saveArtifacts, startBrowserServer } from '../support/browser';
import { LmsUser, LtiPlatform, ROLE } from '../support/lti-platform';
import type { ServerProcess } from '../support/server-process';

/**
 * An LTI 1.3 launch in Chromium (docs/lti.md): a stand-in LMS's course page frames Parley; the frame
 * goes through login initiation, the LMS's authorization (an auto-posted id token) and the launch,
 * and lands in the web app at the course room, signed in by the handoff, where two people chat.
 */
const suite = browserSuiteEnabled() ? describe : describe.skip;

jest.retryTimes(1, { logErrorsBeforeRetry: true });
const ARTIFACTS = join('.jest-results', 'browser-lti');
const ADMIN = { ADMIN_USERNAME: 'root', ADMIN_PASSWORD: 'root-password-for-lti', ADMIN_EMAIL: 'root@example.com' };

suite('LTI launch in an LMS frame', () => {
  let server: ServerProcess;
  let base = '';
  let lms: LtiPlatform;
  let browser: Browser;
  let teacherPage: Page;
  let learnerPage: Page;
  const contexts: BrowserContext[] = [];
  let tool: { login_url: string; launch_url: string; jwks_url: string };
  const course = { id: `course-${Date.now() % 100000}`, title: 'Physics 110' };
  const teacher: LmsUser = { sub: 'lms-teacher', name: 'Tara Teacher', roles: [ROLE.instructor] };
  const learner: LmsUser = { sub: 'lms-learner', name: 'Liam Learner', roles: [ROLE.learner] };

  const frame = (page: Page): FrameLocator => page.frameLocator('iframe[title="Parley"]');
  const composer = (page: Page) => frame(page).getByRole('textbox', { name: 'Message', exact: true });

  beforeAll(async () => {
    lms = await new LtiPlatform().start();
    let env: Record<string, string>;
    ({ server, env } = await startBrowserServer({
      ...ADMIN,
      LTI_ALLOW_PRIVATE: 'true',
      LTI_FRAME_ANCESTORS: lms.origin,
      LTI_ROSTER_SYNC_INTERVAL: '0',
    }));
    base = `http://127.0.0.1:${env.PORT}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: ADMIN.ADMIN_USERNAME, password: ADMIN.ADMIN_PASSWORD }),
    });
    const { access_token } = (await login.json()) as { access_token: string };
    const created = await fetch(`${base}/api/v1/admin/lti/platforms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
      body: JSON.stringify(lms.registration()),
    });
    if (created.status !== 201) throw new Error(`registration failed: ${created.status} ${await created.text()}`);
    tool = ((await created.json()) as { tool: typeof tool }).tool;
    lms.toolJwksUrl = tool.jwks_url;
    lms.toolLaunchUrl = tool.launch_url;
    lms.rosters.set(course.id, [teacher, learner]);
    browser = await launchChromium();
    for (const _who of ['teacher', 'learner']) contexts.push(await browser.newContext({ viewport: { width: 1200, height: 900 } }));
    teacherPage = await contexts[0].newPage();
    learnerPage = await contexts[1].newPage();
  }, 240_000);

  afterEach(async () => {
    await saveArtifacts(ARTIFACTS, { teacher: teacherPage, learner: learnerPage }, server);
  });

  afterAll(async () => {
    await closeBrowserSuite(contexts, browser, server);
    await lms?.close();
  });

  it('opens the course room, signed in, inside the LMS page', async () => {
    await teacherPage.goto(lms.coursePage(tool.login_url, { user: teacher, course }));
    await frame(teacherPage).getByRole('heading', { name: 'Physics 110', level: 1 }).waitFor();
    await learnerPage.goto(lms.coursePage(tool.login_url, { user: learner, course }));
    await frame(learnerPage).getByRole('heading', { name: 'Physics 110', level: 1 }).waitFor();
    // The LMS page itself stayed where it was: the launch happened in the frame.
    expect(new URL(teacherPage.url()).origin).toBe(lms.origin);
  }, 90_000);

  it('chats in the course room both ways', async () => {
    await composer(teacherPage).fill('Welcome to Physics 110');
    await composer(teacherPage).press('Enter');
    await frame(learnerPage).locator('.message__body', { hasText: 'Welcome to Physics 110' }).waitFor();
    await composer(learnerPage).fill('Thanks, glad to be here');
    await composer(learnerPage).press('Enter');
    await frame(teacherPage).locator('.message__body', { hasText: 'Thanks, glad to be here' }).waitFor();
  }, 60_000);
});
