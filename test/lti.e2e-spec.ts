import { DataSource } from 'typeorm';
import { OrganizationScope } from '../src/core/database/organization-scope';
import { LtiRosterWorker } from '../src/platform/lti/lti-roster.worker';
import { ADMIN_ACCOUNT, loginAdmin, registerUser, TestUser } from './support/factories';
import { formOf, LaunchPlan, LmsUser, LtiPlatform, LTI, ROLE } from './support/lti-platform';
import { API, startTestApp, TestApp } from './support/test-app';

/**
 * Parley as an LTI 1.3 tool (docs/lti.md) against a stand-in LMS built from the IMS specifications
 * (test/support/lti-platform.ts): registration by an organization's admin, login initiation, the
 * launch's id token checked completely, the course room and its roster (NRPS), deep linking and
 * dynamic registration. Everything lands in the organization whose admin registered the platform.
 */
describe('LTI 1.3 tool (e2e)', () => {
  let t: TestApp;
  let lms: LtiPlatform;
  let operator: { Authorization: string };
  let schoolAdmin: { Authorization: string };
  let schoolId: string;
  let platformId: string;
  let tool: { login_url: string; launch_url: string; jwks_url: string };
  let loginPath: string;
  let launchPath: string;

  const course = { id: 'course-101', title: 'Biology 101' };
  const teacher: LmsUser = { sub: 'lms-user-teacher', name: 'Tess Teacher', email: 'tess@school.example', roles: [ROLE.instructor] };
  const ta: LmsUser = { sub: 'lms-user-ta', name: 'Tim Assistant', roles: [ROLE.ta] };
  const learner: LmsUser = { sub: 'lms-user-learner', name: 'Lea Learner', email: 'lea@school.example', roles: [ROLE.learner] };
  const leaver: LmsUser = { sub: 'lms-user-leaver', name: 'Leo Leaver', roles: [ROLE.learner] };

  const rows = (sql: string, params: unknown[] = []) => OrganizationScope.runAsSystem(() => t.app.get(DataSource).query(sql, params));
  const path = (url: string) => new URL(url).pathname;

  /** The browser's part: the platform's login initiation, Parley's redirect, the platform's form post back. */
  async function launch(plan: LaunchPlan) {
    const login = await t.http.get(loginPath).query(lms.loginRequest(plan)).expect(302);
    const answer = await lms.authorize(login.headers.location);
    expect(answer.action).toBe(tool.launch_url);
    return t.http.post(launchPath).type('form').send(answer.fields);
  }

  /** A launch that lands: the web app's room and a signed-in user (the handoff exchanged). */
  async function launchIn(plan: LaunchPlan) {
    const res = await launch(plan);
    if (res.status !== 302) throw new Error(`launch failed: ${res.status} ${JSON.stringify(res.body)}`);
    const match = /^\/rooms\/([0-9a-f-]{36})#handoff=([A-Za-z0-9_-]+)$/.exec(res.headers.location);
    expect(match).not.toBeNull();
    const session = await t.http.post(`${API}/auth/handoff`).send({ code: match![2] }).expect(200);
    return { roomId: match![1], user: session.body.user, auth: { Authorization: `Bearer ${session.body.access_token}` } };
  }

  async function membersOf(roomId: string, auth: { Authorization: string }): Promise<Record<string, string>> {
    const res = await t.http.get(`${API}/rooms/${roomId}/members`).query({ page_size: 100 }).set(auth).expect(200);
    return Object.fromEntries((res.body.results as { user: { display_name: string }; role: string }[]).map((m) => [m.user.display_name, m.role]));
  }

  beforeAll(async () => {
    lms = await new LtiPlatform().start();
    t = await startTestApp({ ...ADMIN_ACCOUNT, LTI_ALLOW_PRIVATE: 'true' });
    operator = await loginAdmin(t.http);
    const school = await t.http
      .post(`${API}/organizations`)
      .set(operator)
      .send({
        slug: 'school',
        name: 'The School',
        admin: { username: 'principal', email: 'principal@school.example', password: 'school-password-1' },
      })
      .expect(201);
    schoolId = school.body.id;
    const login = await t.http
      .post(`${API}/auth/login`)
      .send({ login: 'principal', password: 'school-password-1', organization: 'school' })
      .expect(200);
    schoolAdmin = { Authorization: `Bearer ${login.body.access_token}` };
    const created = await t.http.post(`${API}/admin/lti/platforms`).set(schoolAdmin).send(lms.registration()).expect(201);
    platformId = created.body.id;
    tool = created.body.tool;
    loginPath = path(tool.login_url);
    launchPath = path(tool.launch_url);
    lms.toolJwksUrl = tool.jwks_url;
    lms.toolLaunchUrl = tool.launch_url;
    lms.rosters.set(course.id, [teacher, ta, learner, leaver]);
  });
  afterAll(async () => {
    await t?.close();
    await lms?.close();
  });

  describe('registration by an organization admin', () => {
    it("answers the tool's URLs for the organization with the registration", async () => {
      expect(tool).toEqual({
        login_url: `${t.baseUrl}/api/v1/lti/${schoolId}/login`,
        launch_url: `${t.baseUrl}/api/v1/lti/${schoolId}/launch`,
        jwks_url: `${t.baseUrl}/api/v1/lti/${schoolId}/jwks`,
        domain: new URL(t.baseUrl).host,
        scopes: ['https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly'],
      });
      const res = await t.http.get(`${API}/admin/lti/tool`).set(schoolAdmin).expect(200);
      expect(res.body).toEqual(tool);
    });

    it('lists, reads and changes platforms; refuses duplicates, bad input, users and strangers', async () => {
      const list = await t.http.get(`${API}/admin/lti/platforms`).set(schoolAdmin).expect(200);
      expect(list.body.results).toEqual([
        expect.objectContaining({ id: platformId, issuer: lms.issuer, client_id: lms.clientId, deployment_ids: [lms.deploymentId] }),
      ]);
      await t.http.post(`${API}/admin/lti/platforms`).set(schoolAdmin).send(lms.registration()).expect(409);
      const bad = await t.http
        .post(`${API}/admin/lti/platforms`)
        .set(schoolAdmin)
        .send({ ...lms.registration(), jwks_url: 'not a url', client_id: '' })
        .expect(400);
      expect(Object.keys(bad.body).sort()).toEqual(['client_id', 'jwks_url']);
      await t.http.post(`${API}/admin/lti/platforms`).send(lms.registration()).expect(401);
      const user = await registerUser(t.http);
      await t.http.get(`${API}/admin/lti/platforms`).set(user.auth).expect(403);
      await t.http.get(`${API}/admin/lti/platforms/${platformId}`).set(schoolAdmin).expect(200);
      await t.http.get(`${API}/admin/lti/platforms/not-a-uuid`).set(schoolAdmin).expect(400);
      // Another organization's operator does not see the school's platform.
      await t.http.get(`${API}/admin/lti/platforms/${platformId}`).set(operator).expect(404);
      expect((await t.http.get(`${API}/admin/lti/platforms`).set(operator).expect(200)).body.results).toEqual([]);
      const changed = await t.http
        .patch(`${API}/admin/lti/platforms/${platformId}`)
        .set(schoolAdmin)
        .send({ name: 'Stand-in LMS (prod)', deployment_ids: [lms.deploymentId, 'another-deployment'] })
        .expect(200);
      expect(changed.body).toMatchObject({ name: 'Stand-in LMS (prod)', deployment_ids: [lms.deploymentId, 'another-deployment'] });
      await t.http
        .patch(`${API}/admin/lti/platforms/${platformId}`)
        .set(schoolAdmin)
        .send({ deployment_ids: [lms.deploymentId] })
        .expect(200);
    });

    it("publishes the organization's public keys (no private parts), and rotates them keeping the old one published", async () => {
      const before = await t.http.get(path(tool.jwks_url)).expect(200);
      expect(before.body.keys).toHaveLength(1);
      expect(before.body.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) });
      expect(before.body.keys[0]).not.toHaveProperty('d');
      await t.http.post(`${API}/admin/lti/keys/rotate`).expect(401);
      const rotated = await t.http.post(`${API}/admin/lti/keys/rotate`).set(schoolAdmin).expect(200);
      const after = await t.http.get(path(tool.jwks_url)).expect(200);
      expect(after.body.keys.map((k: { kid: string }) => k.kid).sort()).toEqual([before.body.keys[0].kid, rotated.body.kid].sort());
      await t.http.get(`${API}/lti/00000000-0000-4000-8000-00000000beef/jwks`).expect(404);
    });
  });

  describe('login initiation', () => {
    it("redirects to the platform's authorization endpoint (GET and POST) with a state and nonce held by Parley", async () => {
      const get = await t.http
        .get(loginPath)
        .query(lms.loginRequest({ user: learner, course }))
        .expect(302);
      const url = new URL(get.headers.location);
      expect(Object.fromEntries(url.searchParams)).toMatchObject({
        scope: 'openid',
        response_type: 'id_token',
        response_mode: 'form_post',
        prompt: 'none',
        client_id: lms.clientId,
        redirect_uri: tool.launch_url,
      });
      const post = await t.http
        .post(loginPath)
        .type('form')
        .send(lms.loginRequest({ user: learner, course }))
        .expect(302);
      await expect(lms.authorize(post.headers.location)).resolves.toMatchObject({ action: tool.launch_url });
      const states = await rows(`SELECT organization_id FROM lti_launch_states`);
      expect(states.length).toBeGreaterThanOrEqual(2);
      expect(states.every((s: { organization_id: string }) => s.organization_id === schoolId)).toBe(true);
    });

    it('refuses an unknown issuer or client, an unknown deployment, missing fields and an unknown organization', async () => {
      const request = lms.loginRequest({ user: learner, course });
      expect(
        (
          await t.http
            .get(loginPath)
            .query({ ...request, iss: 'https://unknown.example' })
            .expect(404)
        ).body.code,
      ).toBe('lti_platform_unknown');
      expect(
        (
          await t.http
            .get(loginPath)
            .query({ ...request, client_id: 'someone-else' })
            .expect(404)
        ).body.code,
      ).toBe('lti_platform_unknown');
      expect(
        (
          await t.http
            .get(loginPath)
            .query({ ...request, lti_deployment_id: 'nope' })
            .expect(403)
        ).body.code,
      ).toBe('lti_deployment_unknown');
      const missing = await t.http.get(loginPath).query({ iss: lms.issuer }).expect(400);
      expect(missing.body).toMatchObject({ login_hint: ['This field is required.'] });
      await t.http.get(`${API}/lti/00000000-0000-4000-8000-00000000beef/login`).query(request).expect(404);
      // The platform is the school's: the default organization's URLs do not know it.
      const elsewhere = await t.http.get(`${API}/lti/00000000-0000-4000-8000-000000000001/login`).query(request).expect(404);
      expect(elsewhere.body.code).toBe('lti_platform_unknown');
      await t.http.get(`${API}/lti/not-an-id/login`).query(request).expect(400);
    });
  });

  describe('resource-link launch', () => {
    let teacherLaunch: Awaited<ReturnType<typeof launchIn>>;

    beforeAll(async () => {
      teacherLaunch = await launchIn({ user: teacher, course });
    });

    it("signs the instructor in (created by the platform's sub, in the school) and opens the course room made from the context", async () => {
      expect(teacherLaunch.user).toMatchObject({ display_name: 'Tess Teacher', role: 'user' });
      const [identity] = await rows(`SELECT issuer, subject, organization_id FROM external_identities WHERE user_id = $1`, [teacherLaunch.user.id]);
      expect(identity).toEqual({ issuer: lms.issuer, subject: teacher.sub, organization_id: schoolId });
      const room = await t.http.get(`${API}/rooms/${teacherLaunch.roomId}`).set(teacherLaunch.auth).expect(200);
      expect(room.body).toMatchObject({ name: 'Biology 101', room_type: 'COURSE', visibility: 'private' });
      const [context] = await rows(`SELECT room_id, organization_id, memberships_url FROM lti_contexts WHERE context_id = $1`, [course.id]);
      expect(context).toEqual({ room_id: teacherLaunch.roomId, organization_id: schoolId, memberships_url: lms.membershipsUrl(course.id) });
    });

    it('pulls the roster at launch through NRPS (two pages, private_key_jwt) and maps the roles', async () => {
      expect(lms.tokenRequests).toBeGreaterThanOrEqual(1);
      expect(lms.nrpsRequests).toBeGreaterThanOrEqual(2);
      expect(await membersOf(teacherLaunch.roomId, teacherLaunch.auth)).toEqual({
        'Tess Teacher': 'admin',
        'Tim Assistant': 'admin',
        'Lea Learner': 'member',
        'Leo Leaver': 'member',
      });
    });

    it('matches the same user on a later launch and opens the same room; a learner is a member', async () => {
      const again = await launchIn({ user: teacher, course });
      expect([again.user.id, again.roomId]).toEqual([teacherLaunch.user.id, teacherLaunch.roomId]);
      const learnerLaunch = await launchIn({ user: learner, course });
      expect(learnerLaunch.roomId).toBe(teacherLaunch.roomId);
      await t.http.post(`${API}/rooms/${learnerLaunch.roomId}/messages`).set(learnerLaunch.auth).send({ content: 'Hello from the LMS' }).expect(201);
      // A learner cannot manage the room.
      await t.http.patch(`${API}/rooms/${learnerLaunch.roomId}`).set(learnerLaunch.auth).send({ name: 'Mine' }).expect(403);
    });

    it("makes the institution's Administrator an admin of the school (and of no other organization)", async () => {
      const dean: LmsUser = { sub: 'lms-user-dean', name: 'Dana Dean', roles: [ROLE.institutionAdmin, ROLE.learner] };
      const launched = await launchIn({ user: dean, course });
      expect(launched.user.role).toBe('admin');
      await t.http.get(`${API}/admin/lti/platforms`).set(launched.auth).expect(200);
      await t.http.get(`${API}/admin/lti/platforms/${platformId}`).set(launched.auth).expect(200);
    });

    it('opens a course room of its own for another course', async () => {
      const other = await launchIn({ user: learner, course: { id: 'course-202', title: 'Chemistry 202' }, withNrps: false });
      const room = await t.http.get(`${API}/rooms/${other.roomId}`).set(other.auth).expect(200);
      expect(room.body.name).toBe('Chemistry 202');
      expect(await membersOf(other.roomId, other.auth)).toEqual({ 'Lea Learner': 'member' });
    });
  });

  describe('refused launches', () => {
    const refused = async (plan: LaunchPlan, status: number, code: string, detail: RegExp) => {
      const res = await launch(plan);
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(res.body.detail).toMatch(detail);
    };

    it('refuses a token signed by another key', () =>
      refused({ user: learner, course, signWithOtherKey: true }, 401, 'lti_launch_not_valid', /signature/));
    it('refuses a token for another audience', () =>
      refused({ user: learner, course, audience: 'another-tool' }, 401, 'lti_launch_not_valid', /audience/));
    it('refuses several audiences without azp, accepts them with azp = our client id', async () => {
      await refused({ user: learner, course, audience: [lms.clientId, 'another-tool'] }, 401, 'lti_launch_not_valid', /azp/);
      expect((await launch({ user: learner, course, audience: [lms.clientId, 'another-tool'], azp: lms.clientId })).status).toBe(302);
    });
    it('refuses an expired token', () => refused({ user: learner, course, issuedAgo: 600, expiresIn: 300 }, 401, 'lti_launch_not_valid', /expired/));
    it('refuses a token from another issuer', () =>
      refused({ user: learner, course, issuer: 'https://impostor.example' }, 401, 'lti_launch_not_valid', /issuer/));
    it('refuses a nonce that is not the login’s', () =>
      refused({ user: learner, course, nonce: 'a-nonce-from-elsewhere' }, 401, 'lti_launch_not_valid', /nonce/));
    it('refuses an unknown deployment', () =>
      refused({ user: learner, course, deploymentId: 'rogue-deployment' }, 403, 'lti_deployment_unknown', /rogue-deployment/));
    it('refuses another message type', () =>
      refused({ user: learner, course, messageType: 'LtiSubmissionReviewRequest' }, 400, 'lti_message_not_supported', /message type/));
    it('refuses another LTI version', () => refused({ user: learner, course, version: '1.1' }, 400, 'lti_message_not_supported', /version/));

    it('refuses a replayed launch (state and nonce work once) and an unknown state', async () => {
      const login = await t.http
        .get(loginPath)
        .query(lms.loginRequest({ user: learner, course }))
        .expect(302);
      const answer = await lms.authorize(login.headers.location);
      await t.http.post(launchPath).type('form').send(answer.fields).expect(302);
      const replay = await t.http.post(launchPath).type('form').send(answer.fields).expect(401);
      expect(replay.body).toMatchObject({ code: 'lti_launch_not_valid', detail: expect.stringMatching(/state/) });
      const mismatch = await t.http
        .post(launchPath)
        .type('form')
        .send({ ...answer.fields, state: 'not-the-state' })
        .expect(401);
      expect(mismatch.body.detail).toMatch(/state/);
    });

    it('refuses a launch without a token, the platform’s error answer, and JSON posts without their fields', async () => {
      expect((await t.http.post(launchPath).type('form').send({ state: 'x' }).expect(400)).body).toMatchObject({
        id_token: ['This field is required.'],
      });
      const error = await t.http.post(launchPath).type('form').send({ error: 'login_required', error_description: 'No session' }).expect(401);
      expect(error.body.detail).toMatch(/login_required/);
      await t.http.post(launchPath).set('content-type', 'text/plain').send('id_token=x').expect(415);
    });

    it('refuses a launch once the platform is deleted', async () => {
      const extra = new LtiPlatform();
      await extra.start();
      try {
        const created = await t.http.post(`${API}/admin/lti/platforms`).set(schoolAdmin).send(extra.registration('Short-lived')).expect(201);
        extra.toolLaunchUrl = tool.launch_url;
        await t.http.delete(`${API}/admin/lti/platforms/${created.body.id}`).set(schoolAdmin).expect(204);
        await t.http.delete(`${API}/admin/lti/platforms/${created.body.id}`).set(schoolAdmin).expect(404);
        await t.http
          .get(loginPath)
          .query(extra.loginRequest({ user: learner, course }))
          .expect(404);
      } finally {
        await extra.close();
      }
    });
  });

  describe('roster sync (NRPS)', () => {
    it('removes a learner who left the course from the room on the scheduled sync', async () => {
      const teacherSession = await launchIn({ user: teacher, course });
      expect(await membersOf(teacherSession.roomId, teacherSession.auth)).toHaveProperty('Leo Leaver', 'member');
      lms.rosters.set(course.id, [teacher, ta, learner, { ...leaver, status: 'Inactive' }]);
      const requests = lms.nrpsRequests;
      // The worker's round, as the interval runs it (here as if the interval had passed).
      const synced = await t.app.get(LtiRosterWorker).syncDue(new Date(Date.now() + 2 * 3600 * 1000));
      expect(synced).toBeGreaterThanOrEqual(1);
      expect(lms.nrpsRequests - requests).toBeGreaterThanOrEqual(2);
      const members = await membersOf(teacherSession.roomId, teacherSession.auth);
      expect(members).not.toHaveProperty('Leo Leaver');
      expect(members).toMatchObject({ 'Tess Teacher': 'admin', 'Lea Learner': 'member' });
      // Within the interval nothing is due.
      await expect(t.app.get(LtiRosterWorker).syncDue()).resolves.toBe(0);
    });

    it('signs every client assertion afresh (no jti replayed) and asks for the roster scope', () => {
      expect(lms.assertionIds.size).toBe(lms.tokenRequests);
    });
  });

  describe('deep linking', () => {
    async function deepLinkPage(user: LmsUser) {
      const res = await launch({ user, course, messageType: 'LtiDeepLinkingRequest', dataForDeepLink: 'platform-state-42' });
      return res;
    }

    it('shows an instructor the room choice and answers a signed LtiDeepLinkingResponse the platform verifies', async () => {
      const page = await deepLinkPage(teacher);
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toMatch(/text\/html/);
      expect(page.text).toContain('This course&#39;s room (Biology 101)');
      const session = /name="session" value="([^"]+)"/.exec(page.text)![1];
      const answer = await t.http
        .post(`${path(tool.launch_url).replace(/launch$/, 'deep-linking')}`)
        .type('form')
        .send({ session, room: 'new', name: 'Lab partners' })
        .expect(200);
      const form = formOf(answer.text);
      expect(form.action).toBe(lms.deepLinkReturnUrl);
      // Its script runs by nonce, and its form may post only to Parley and the platform.
      expect(answer.headers['content-security-policy']).toMatch(
        new RegExp(`form-action 'self' ${lms.origin}; base-uri 'none'; frame-ancestors 'self'$`),
      );
      expect(answer.headers['content-security-policy']).toMatch(/script-src 'nonce-/);
      const returned = await fetch(form.action, { method: 'POST', body: new URLSearchParams(form.fields) });
      expect([returned.status, lms.deepLinkFailures]).toEqual([200, []]);
      const [response] = lms.deepLinks;
      expect(response[LTI.data]).toBe('platform-state-42');
      const [item] = response[LTI.contentItems] as { type: string; title: string; url: string; custom: { parley_room: string } }[];
      expect(item).toMatchObject({ type: 'ltiResourceLink', title: 'Lab partners', url: tool.launch_url });
      expect(item.custom.parley_room).toMatch(new RegExp(`^lti:${platformId}:room:`));

      // The link it made launches into the chosen room.
      const linked = await launchIn({ user: learner, course, custom: item.custom });
      const room = await t.http.get(`${API}/rooms/${linked.roomId}`).set(linked.auth).expect(200);
      expect(room.body.name).toBe('Lab partners');
      expect(await membersOf(linked.roomId, linked.auth)).toEqual({ 'Tess Teacher': 'admin', 'Lea Learner': 'member' });
    });

    it("refuses a learner's deep-linking request, an altered page and another platform's room", async () => {
      const learnerPage = await deepLinkPage(learner);
      expect([learnerPage.status, learnerPage.body.code]).toEqual([403, 'permission_denied']);
      const page = await deepLinkPage(teacher);
      const session = /name="session" value="([^"]+)"/.exec(page.text)![1];
      const deepLinking = path(tool.launch_url).replace(/launch$/, 'deep-linking');
      await t.http
        .post(deepLinking)
        .type('form')
        .send({ session: `${session}x`, room: 'course' })
        .expect(401);
      await t.http.post(deepLinking).type('form').send({ session, room: 'lti:00000000-0000-4000-8000-000000000000:ctx:x' }).expect(404);
      await t.http.post(deepLinking).type('form').send({ room: 'course' }).expect(400);
    });
  });

  describe('dynamic registration', () => {
    it('registers with the platform from an admin’s registration URL and stores the platform it answers', async () => {
      const invite = await t.http.post(`${API}/admin/lti/dynamic-registrations`).set(schoolAdmin).expect(201);
      expect(invite.body.registration_url).toMatch(new RegExp(`^${t.baseUrl}/api/v1/lti/${schoolId}/register\\?invite=`));
      const url = new URL(invite.body.registration_url);
      url.searchParams.set('openid_configuration', lms.openidConfigurationUrl);
      url.searchParams.set('registration_token', lms.registrationToken);
      const page = await t.http.get(`${url.pathname}${url.search}`).expect(200);
      expect(page.text).toContain('org.imsglobal.lti.close');
      expect(lms.registrations).toHaveLength(1);
      expect(lms.registrations[0]).toMatchObject({
        initiate_login_uri: tool.login_url,
        redirect_uris: [tool.launch_url],
        jwks_uri: tool.jwks_url,
        token_endpoint_auth_method: 'private_key_jwt',
        scope: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
        [LTI.toolConfiguration]: expect.objectContaining({ target_link_uri: tool.launch_url }),
      });
      const list = await t.http.get(`${API}/admin/lti/platforms`).set(schoolAdmin).expect(200);
      expect(list.body.results).toContainEqual(
        expect.objectContaining({
          issuer: lms.issuer,
          client_id: expect.stringMatching(/^dyn-/),
          deployment_ids: ['dyn-deployment-1'],
          token_endpoint: lms.tokenEndpoint,
        }),
      );
    });

    it('refuses a forged registration URL, a wrong registration token, and plain users', async () => {
      const user: TestUser = await registerUser(t.http);
      await t.http.post(`${API}/admin/lti/dynamic-registrations`).set(user.auth).expect(403);
      const forged = await t.http
        .get(`${API}/lti/${schoolId}/register`)
        .query({ invite: 'forged', openid_configuration: lms.openidConfigurationUrl, registration_token: lms.registrationToken })
        .expect(401);
      expect(forged.body.code).toBe('lti_launch_not_valid');
      const invite = await t.http.post(`${API}/admin/lti/dynamic-registrations`).set(schoolAdmin).expect(201);
      const url = new URL(invite.body.registration_url);
      url.searchParams.set('openid_configuration', lms.openidConfigurationUrl);
      url.searchParams.set('registration_token', 'wrong-token');
      expect((await t.http.get(`${url.pathname}${url.search}`).expect(502)).body.code).toBe('lti_platform_failed');
      url.searchParams.delete('openid_configuration');
      await t.http.get(`${url.pathname}${url.search}`).expect(400);
    });
  });
});
