import { DataSource } from 'typeorm';
import { OrganizationScope } from '../src/core/database/organization-scope';
import { ADMIN_ACCOUNT, loginAdmin, registerUser } from './support/factories';
import { OidcProvider } from './support/oidc-provider';
import { ClientSocket, connect, disconnected } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';

/** Browser sign-in through an organization's OpenID Connect provider, against a stand-in provider (docs/sign-in.md). */
describe('Sign-in through OpenID Connect (e2e)', () => {
  let t: TestApp;
  let idp: OidcProvider;
  let operator: { Authorization: string };
  let organizationId: string;
  const sockets: ClientSocket[] = [];

  const rows = (sql: string, params: unknown[] = []) => OrganizationScope.runAsSystem(() => t.app.get(DataSource).query(sql, params));
  const configure = (body: Record<string, unknown>, auth = operator, id = organizationId) =>
    t.http.put(`${API}/organizations/${id}/sign-in/oidc`).set(auth).send(body);
  const validConfig = () => ({ issuer: idp.issuer, client_id: idp.clientId, client_secret: idp.clientSecret });

  /** The browser's trip: Parley's login, the provider's authorization endpoint, back to Parley's callback (its answer). */
  async function callback(slug = 'default') {
    const login = await t.http.get(`${API}/auth/oidc/${slug}/login`).expect(302);
    const atProvider = await fetch(login.headers.location, { redirect: 'manual' });
    expect(atProvider.status).toBe(302);
    const back = new URL(atProvider.headers.get('location')!);
    return { res: await t.http.get(back.pathname + back.search), path: back.pathname + back.search };
  }

  /** A whole sign-in: the handoff code in the web app's address, exchanged for tokens. */
  async function signIn(user = idp.nextUser) {
    idp.nextUser = user;
    const { res } = await callback();
    expect(res.status).toBe(302);
    const location = new URL(res.headers.location);
    expect(`${location.origin}${location.pathname}`).toBe(`${t.baseUrl}/`);
    const code = new URLSearchParams(location.hash.slice(1)).get('handoff')!;
    const tokens = await t.http.post(`${API}/auth/handoff`).send({ code }).expect(200);
    return tokens.body as {
      access_token: string;
      refresh_token: string;
      user: { id: string; username: string; display_name: string; email: string };
    };
  }

  const backchannel = (logoutToken: string | undefined, slug = 'default') =>
    t.http
      .post(`${API}/auth/oidc/${slug}/backchannel-logout`)
      .type('form')
      .send(logoutToken === undefined ? {} : { logout_token: logoutToken });
  const me = (access: string) => t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${access}`);

  beforeAll(async () => {
    idp = await new OidcProvider().start();
    t = await startTestApp(ADMIN_ACCOUNT);
    operator = await loginAdmin(t.http);
    organizationId = (await rows(`SELECT id FROM organizations WHERE slug = 'default'`))[0].id;
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await t.close();
    await idp.close();
  });

  describe('configuration', () => {
    it('is not there until an admin sets it: 404, and the login route says so', async () => {
      await t.http.get(`${API}/organizations/${organizationId}/sign-in/oidc`).set(operator).expect(404);
      const res = await t.http.get(`${API}/auth/oidc/default/login`).expect(404);
      expect(res.body.code).toBe('not_found');
    });

    it('refuses a bad shape (400), no token (401), a non-admin (403), and an http issuer that is not loopback (400)', async () => {
      expect((await configure({ issuer: idp.issuer })).status).toBe(400);
      expect((await configure({ ...validConfig(), scopes: ['bad scope'] })).status).toBe(400);
      expect((await configure({ ...validConfig(), claims: { email: 5 } })).status).toBe(400);
      const insecure = await configure({ ...validConfig(), issuer: 'http://idp.example.com' }).expect(400);
      expect(insecure.body).toEqual({ issuer: ['Must be an https:// URL.'] });
      await t.http.put(`${API}/organizations/${organizationId}/sign-in/oidc`).send(validConfig()).expect(401);
      const user = await registerUser(t.http);
      await configure(validConfig(), user.auth).expect(403);
    });

    it('stores the provider, answers the URIs to register and never the client secret', async () => {
      const res = await configure(validConfig()).expect(200);
      const base = `${t.baseUrl}${API}/auth/oidc/default`;
      expect(res.body).toEqual({
        issuer: idp.issuer,
        client_id: idp.clientId,
        has_client_secret: true,
        scopes: ['openid', 'profile', 'email'],
        claims: { username: 'preferred_username', display_name: 'name', email: 'email' },
        enabled: true,
        login_url: `${base}/login`,
        redirect_uri: `${base}/callback`,
        backchannel_logout_uri: `${base}/backchannel-logout`,
        post_logout_redirect_uri: `${t.baseUrl}/`,
        updated_at: expect.any(String),
      });
      expect(JSON.stringify((await t.http.get(`${API}/organizations/${organizationId}/sign-in/oidc`).set(operator).expect(200)).body)).not.toContain(
        idp.clientSecret,
      );
      const [stored] = await rows(`SELECT secret FROM sign_in_providers WHERE protocol = 'oidc'`);
      expect(stored.secret).not.toContain(idp.clientSecret);
    });

    it('keeps another organization’s admin out (404)', async () => {
      const created = await t.http
        .post(`${API}/organizations`)
        .set(operator)
        .send({ slug: 'oidc-north', name: 'North', admin: { username: 'principal', email: 'p@north.example.com', password: 'north-password-1' } })
        .expect(201);
      const login = await t.http
        .post(`${API}/auth/login`)
        .send({ login: 'principal', password: 'north-password-1', organization: 'oidc-north' })
        .expect(200);
      const northAdmin = { Authorization: `Bearer ${login.body.access_token}` };
      await t.http.get(`${API}/organizations/${organizationId}/sign-in/oidc`).set(northAdmin).expect(404);
      // Its own: not configured yet, and its login route is its own.
      await t.http.get(`${API}/organizations/${created.body.id}/sign-in/oidc`).set(northAdmin).expect(404);
      await t.http.get(`${API}/auth/oidc/oidc-north/login`).expect(404);
    });
  });

  describe('sign-in', () => {
    it('creates the user from the ID token’s claims and starts a Parley login through the handoff', async () => {
      const tokens = await signIn({
        sub: 'ada',
        sid: 'idp-session-1',
        claims: { preferred_username: 'Ada.L', name: 'Ada Lovelace', email: 'ada@example.com' },
      });
      expect(tokens.user).toMatchObject({ username: 'ada.l', display_name: 'Ada Lovelace', email: 'ada@example.com' });
      await me(tokens.access_token).expect(200);
      const [identity] = await rows(`SELECT issuer, subject FROM external_identities WHERE user_id = $1`, [tokens.user.id]);
      expect(identity).toEqual({ issuer: idp.issuer, subject: 'ada' });
    });

    it('matches the same user on the next sign-in and follows profile changes', async () => {
      const again = await signIn({
        sub: 'ada',
        sid: 'idp-session-2',
        claims: { preferred_username: 'ada.l', name: 'Ada King', email: 'ada@example.com' },
      });
      const [{ count }] = await rows(`SELECT count(*)::int AS count FROM external_identities WHERE subject = 'ada'`);
      expect(count).toBe(1);
      expect(again.user).toMatchObject({ username: 'ada.l', display_name: 'Ada King' });
    });

    it('sends state, nonce and an S256 PKCE challenge, and holds the verifier server side', async () => {
      const login = await t.http.get(`${API}/auth/oidc/default/login`).expect(302);
      const authorize = new URL(login.headers.location);
      expect(authorize.origin + authorize.pathname).toBe(`${idp.issuer}/authorize`);
      const q = authorize.searchParams;
      expect(q.get('code_challenge_method')).toBe('S256');
      expect(q.get('state')).toBeTruthy();
      expect(q.get('nonce')).toBeTruthy();
      expect(q.get('scope')).toBe('openid profile email');
      expect(q.get('redirect_uri')).toBe(`${t.baseUrl}${API}/auth/oidc/default/callback`);
      expect(q.get('code_verifier')).toBeNull();
    });

    it('refuses a replayed callback (the state works once)', async () => {
      idp.nextUser = { sub: 'replay' };
      const { res, path } = await callback();
      expect(res.status).toBe(302);
      const again = await t.http.get(path).expect(401);
      expect(again.body.code).toBe('token_not_valid');
    });

    it('refuses an unknown state and a callback without one', async () => {
      await t.http.get(`${API}/auth/oidc/default/callback?code=x&state=made-up`).expect(401);
      await t.http.get(`${API}/auth/oidc/default/callback?code=x`).expect(401);
    });

    it('refuses an expired state', async () => {
      const login = await t.http.get(`${API}/auth/oidc/default/login`).expect(302);
      await rows(`UPDATE sign_in_requests SET expires_at = now() - interval '1 second'`);
      const atProvider = await fetch(login.headers.location, { redirect: 'manual' });
      const back = new URL(atProvider.headers.get('location')!);
      await t.http.get(back.pathname + back.search).expect(401);
    });

    it('refuses an ID token with a bad signature', async () => {
      idp.tamper = { key: 'other' };
      expect((await callback()).res.status).toBe(401);
    });

    it('refuses an ID token for another audience', async () => {
      idp.tamper = { claims: { aud: 'someone-else' } };
      expect((await callback()).res.status).toBe(401);
    });

    it('refuses an expired ID token', async () => {
      const past = Math.floor(Date.now() / 1000) - 3600;
      idp.tamper = { claims: { iat: past - 300, exp: past } };
      expect((await callback()).res.status).toBe(401);
    });

    it('refuses an ID token with another nonce (a replayed ID token)', async () => {
      idp.tamper = { claims: { nonce: 'an-old-nonce' } };
      expect((await callback()).res.status).toBe(401);
    });

    it('refuses when the PKCE verifier does not match the challenge (the token endpoint refuses the code)', async () => {
      idp.tamper = { challenge: 'not-the-challenge-parley-sent' };
      const { res } = await callback();
      expect(res.status).toBe(401);
      expect(res.body.detail).toMatch(/invalid_grant|PKCE/);
    });

    it('refuses the identity provider’s error answer', async () => {
      const login = await t.http.get(`${API}/auth/oidc/default/login`).expect(302);
      const state = new URL(login.headers.location).searchParams.get('state')!;
      const res = await t.http.get(`${API}/auth/oidc/default/callback?error=access_denied&state=${state}`).expect(401);
      expect(res.body.detail).toContain('access_denied');
    });

    it('answers 404 for an unknown organization', async () => {
      await t.http.get(`${API}/auth/oidc/nowhere/login`).expect(404);
      await t.http.get(`${API}/auth/oidc/nowhere/callback?code=x&state=y`).expect(404);
      await backchannel('x', 'nowhere').expect(404);
    });

    it('refuses a suspended user at the handoff (403)', async () => {
      const first = await signIn({ sub: 'suspended-one' });
      await t.http.post(`${API}/admin/users/${first.user.id}/suspension`).set(operator).send({ reason: 'testing' }).expect(201);
      idp.nextUser = { sub: 'suspended-one' };
      const { res } = await callback();
      const code = new URLSearchParams(new URL(res.headers.location).hash.slice(1)).get('handoff')!;
      expect((await t.http.post(`${API}/auth/handoff`).send({ code }).expect(403)).body.code).toBe('account_suspended');
    });
  });

  describe('logout', () => {
    it('RP-initiated: ends the login and answers the end_session URL with id_token_hint', async () => {
      const tokens = await signIn({ sub: 'grace', sid: 'grace-session' });
      const res = await t.http.post(`${API}/auth/oidc/logout`).set('Authorization', `Bearer ${tokens.access_token}`).expect(200);
      const url = new URL(res.body.logout_url);
      expect(url.origin + url.pathname).toBe(`${idp.issuer}/end_session`);
      expect(url.searchParams.get('id_token_hint')).toMatch(/^ey/);
      expect(url.searchParams.get('post_logout_redirect_uri')).toBe(`${t.baseUrl}/`);
      await me(tokens.access_token).expect(401);
      await t.http.post(`${API}/auth/oidc/logout`).expect(401);
    });

    it('RP-initiated for a local login: ends it, no provider to visit', async () => {
      const user = await registerUser(t.http);
      const res = await t.http.post(`${API}/auth/oidc/logout`).set(user.auth).expect(200);
      expect(res.body).toEqual({ logout_url: null });
      await me(user.access).expect(401);
    });

    it('back-channel by sid: ends that provider session’s logins and disconnects their sockets, not the others', async () => {
      const ended = await signIn({ sub: 'lin', sid: 'lin-laptop' });
      const kept = await signIn({ sub: 'lin', sid: 'lin-phone' });
      const socket = await connect(t.baseUrl, ended.access_token);
      sockets.push(socket);
      const gone = disconnected(socket);
      await backchannel(await idp.logoutToken({ sid: 'lin-laptop' })).expect(200);
      await gone;
      await me(ended.access_token).expect(401);
      await t.http.post(`${API}/auth/refresh`).send({ refresh_token: ended.refresh_token }).expect(401);
      await me(kept.access_token).expect(200);
    });

    it('back-channel by sub: ends every login of the subject', async () => {
      const a = await signIn({ sub: 'mo', sid: 'mo-1' });
      const b = await signIn({ sub: 'mo', sid: 'mo-2' });
      await backchannel(await idp.logoutToken({ sub: 'mo' })).expect(200);
      await me(a.access_token).expect(401);
      await me(b.access_token).expect(401);
    });

    it('refuses a replayed logout token (same jti)', async () => {
      const tokens = await signIn({ sub: 'rey', sid: 'rey-1' });
      const token = await idp.logoutToken({ sid: 'rey-1' });
      await backchannel(token).expect(200);
      await me(tokens.access_token).expect(401);
      const again = await backchannel(token).expect(400);
      expect(again.body.error).toBe('invalid_request');
    });

    it('refuses logout tokens that are not valid, and ends nothing', async () => {
      const tokens = await signIn({ sub: 'val', sid: 'val-1' });
      const old = Math.floor(Date.now() / 1000) - 3600;
      const refused = [
        await idp.logoutToken({ sid: 'val-1' }, { key: 'other' }), // bad signature
        await idp.logoutToken({ sid: 'val-1', aud: 'someone-else' }),
        await idp.logoutToken({ sid: 'val-1', iss: 'https://impostor.example.com' }),
        await idp.logoutToken({ sid: 'val-1', nonce: 'n' }),
        await idp.logoutToken({ sid: 'val-1', events: undefined }),
        await idp.logoutToken({ sid: 'val-1', events: { 'http://example.com/other': {} } }),
        await idp.logoutToken({ sid: undefined, sub: undefined }),
        await idp.logoutToken({ sid: 'val-1', iat: old, exp: old + 120 }), // expired
        await idp.logoutToken({ sid: 'val-1', iat: old, exp: undefined }), // too old
        await idp.logoutToken({ sid: 'val-1', jti: undefined }),
        await idp.logoutToken({ sid: 'val-1', iat: undefined }),
        'not-a-jwt',
      ];
      for (const token of refused) await backchannel(token).expect(400);
      await backchannel(undefined).expect(400);
      await me(tokens.access_token).expect(200);
    });
  });
});
