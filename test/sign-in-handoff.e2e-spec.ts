import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { OrganizationScope } from '../src/core/database/organization-scope';
import { SignInHandoff } from '../src/identity/sign-in/sign-in-handoff.service';
import { ADMIN_ACCOUNT, loginAdmin, registerUser } from './support/factories';
import { API, startTestApp, TestApp } from './support/test-app';

/** The one-time code a sign-in that ends outside the web app (OIDC, SAML, LTI) hands to it (docs/sign-in.md). */
describe('Sign-in handoff (e2e)', () => {
  let t: TestApp;
  let handoff: SignInHandoff;
  let operator: { Authorization: string };
  let defaultOrganizationId: string;

  const exchange = (code: unknown) => t.http.post(`${API}/auth/handoff`).send({ code });
  const rows = (sql: string, params: unknown[] = []) => OrganizationScope.runAsSystem(() => t.app.get(DataSource).query(sql, params));

  beforeAll(async () => {
    t = await startTestApp(ADMIN_ACCOUNT);
    handoff = t.app.get(SignInHandoff);
    operator = await loginAdmin(t.http);
    const [org] = await rows(`SELECT id FROM organizations WHERE slug = 'default'`);
    defaultOrganizationId = org.id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('exchanges a code once for a new login with the usual token pair', async () => {
    const user = await registerUser(t.http);
    const code = await handoff.issue({ id: user.id, organizationId: defaultOrganizationId }, { userAgent: 'lms-launch' });
    expect(code).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const res = await exchange(code).set('User-Agent', 'the-web-app').expect(200);
    expect(res.body).toMatchObject({ user: { id: user.id, username: user.username }, token_type: 'Bearer', expires_in: 900 });
    await t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
    await t.http.post(`${API}/auth/refresh`).send({ refresh_token: res.body.refresh_token }).expect(200);
    // A login of its own, beside the one registration started.
    const sessions = await rows(`SELECT user_agent FROM user_sessions WHERE user_id = $1 ORDER BY created_at`, [user.id]);
    expect(sessions).toHaveLength(2);
    expect(sessions[1].user_agent).toBe('the-web-app');

    const again = await exchange(code).expect(401);
    expect(again.body).toEqual({ detail: 'Given token not valid for any token type', code: 'token_not_valid' });
  });

  it('stores only the hash of a code, in the user’s organization', async () => {
    const user = await registerUser(t.http);
    const code = await handoff.issue({ id: user.id, organizationId: defaultOrganizationId });
    const stored = await rows(`SELECT code_hash, organization_id FROM sign_in_handoffs WHERE user_id = $1`, [user.id]);
    expect(stored).toEqual([{ code_hash: createHash('sha256').update(code).digest('hex'), organization_id: defaultOrganizationId }]);
    await exchange(code).expect(200);
    expect(await rows(`SELECT 1 FROM sign_in_handoffs WHERE user_id = $1`, [user.id])).toEqual([]);
  });

  it('refuses an expired code with 401', async () => {
    const user = await registerUser(t.http);
    const code = await handoff.issue({ id: user.id, organizationId: defaultOrganizationId });
    await rows(`UPDATE sign_in_handoffs SET expires_at = now() - interval '1 second' WHERE code_hash = $1`, [
      createHash('sha256').update(code).digest('hex'),
    ]);
    const res = await exchange(code).expect(401);
    expect(res.body.code).toBe('token_not_valid');
  });

  it('refuses an unknown code with 401 and a missing or malformed one with 400', async () => {
    expect((await exchange('x'.repeat(43)).expect(401)).body.code).toBe('token_not_valid');
    expect((await t.http.post(`${API}/auth/handoff`).send({}).expect(400)).body).toEqual({ code: ['This field is required.'] });
    await exchange(42).expect(400);
    await exchange('').expect(400);
    await exchange('x'.repeat(300)).expect(400);
  });

  it('lets one of two racing exchanges of a code win', async () => {
    const user = await registerUser(t.http);
    const code = await handoff.issue({ id: user.id, organizationId: defaultOrganizationId });
    const statuses = (await Promise.all([exchange(code), exchange(code)])).map((r) => r.status).sort();
    expect(statuses).toEqual([200, 401]);
  });

  it('refuses a suspended user with 403 account_suspended', async () => {
    const user = await registerUser(t.http);
    const code = await handoff.issue({ id: user.id, organizationId: defaultOrganizationId });
    await t.http.post(`${API}/admin/users/${user.id}/suspension`).set(operator).send({ reason: 'testing' }).expect(201);
    const res = await exchange(code).expect(403);
    expect(res.body.code).toBe('account_suspended');
  });

  it('signs a user of another organization in to that organization', async () => {
    const created = await t.http
      .post(`${API}/organizations`)
      .set(operator)
      .send({ slug: 'handoff-north', name: 'North', admin: { username: 'principal', email: 'p@north.example.com', password: 'north-password-1' } })
      .expect(201);
    const principal = created.body.admin as { id: string };
    const code = await handoff.issue({ id: principal.id, organizationId: created.body.id });
    const res = await exchange(code).expect(200);
    expect(res.body.user).toMatchObject({ id: principal.id, username: 'principal' });
    const claims = JSON.parse(Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString());
    expect(claims.org).toBe(created.body.id);
    await t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${res.body.access_token}`).expect(200);
  });
});
