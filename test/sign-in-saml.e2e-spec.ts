import { DataSource } from 'typeorm';
import { OrganizationScope } from '../src/core/database/organization-scope';
import { ADMIN_ACCOUNT, loginAdmin, registerUser } from './support/factories';
import { SamlAnswer, SamlIdp } from './support/saml-idp';
import { API, startTestApp, TestApp } from './support/test-app';

/** Browser sign-in through an organization's SAML 2.0 identity provider, against a stand-in provider (docs/sign-in.md). */
describe('Sign-in through SAML (e2e)', () => {
  let t: TestApp;
  let operator: { Authorization: string };
  let organizationId: string;
  const idp = new SamlIdp();

  const rows = (sql: string, params: unknown[] = []) => OrganizationScope.runAsSystem(() => t.app.get(DataSource).query(sql, params));
  const configure = (body: Record<string, unknown>, auth = operator) =>
    t.http.put(`${API}/organizations/${organizationId}/sign-in/saml`).set(auth).send(body);
  const validConfig = () => ({ idp_entity_id: idp.entityId, sso_url: idp.ssoUrl, idp_certificates: [idp.certificate] });
  const acs = (samlResponse: string | undefined, slug = 'default') =>
    t.http
      .post(`${API}/auth/saml/${slug}/acs`)
      .type('form')
      .send(samlResponse === undefined ? {} : { SAMLResponse: samlResponse });

  /** Parley's AuthnRequest, as the identity provider reads it from the redirect. */
  async function authnRequest() {
    const login = await t.http.get(`${API}/auth/saml/default/login`).expect(302);
    expect(login.headers.location.startsWith(`${idp.ssoUrl}?SAMLRequest=`)).toBe(true);
    return SamlIdp.request(login.headers.location);
  }

  /** A whole sign-in: the response posted to the ACS, the handoff code exchanged for tokens. */
  async function signIn(answer: SamlAnswer) {
    const res = await acs(idp.respond(await authnRequest(), answer)).expect(303);
    const location = new URL(res.headers.location);
    expect(`${location.origin}${location.pathname}`).toBe(`${t.baseUrl}/`);
    const code = new URLSearchParams(location.hash.slice(1)).get('handoff')!;
    return (await t.http.post(`${API}/auth/handoff`).send({ code }).expect(200)).body;
  }

  /** Refused at the ACS with the contract's 401. */
  async function refused(answer: SamlAnswer | string) {
    const response = typeof answer === 'string' ? answer : idp.respond(await authnRequest(), answer);
    const res = await acs(response).expect(401);
    expect(res.body.code).toBe('token_not_valid');
    return res.body.detail as string;
  }

  beforeAll(async () => {
    t = await startTestApp(ADMIN_ACCOUNT);
    operator = await loginAdmin(t.http);
    organizationId = (await rows(`SELECT id FROM organizations WHERE slug = 'default'`))[0].id;
  });
  afterAll(async () => {
    await t.close();
  });

  describe('configuration and metadata', () => {
    it('serves the service provider metadata with the entity id and the ACS URL', async () => {
      const res = await t.http.get(`${API}/auth/saml/default/metadata`).expect(200);
      expect(res.headers['content-type']).toContain('application/samlmetadata+xml');
      const xml = res.text;
      expect(xml).toContain(`entityID="${t.baseUrl}${API}/auth/saml/default/metadata"`);
      expect(xml).toContain(`Location="${t.baseUrl}${API}/auth/saml/default/acs"`);
      expect(xml).toContain('urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST');
      await t.http.get(`${API}/auth/saml/nowhere/metadata`).expect(404);
    });

    it('is not there until an admin sets it (404)', async () => {
      await t.http.get(`${API}/organizations/${organizationId}/sign-in/saml`).set(operator).expect(404);
      await t.http.get(`${API}/auth/saml/default/login`).expect(404);
    });

    it('refuses a bad shape, a certificate that is not one, no token and a non-admin', async () => {
      await configure({ idp_entity_id: idp.entityId }).expect(400);
      const notCert = await configure({ ...validConfig(), idp_certificates: ['x'.repeat(200)] }).expect(400);
      expect(notCert.body).toEqual({ idp_certificates: ['Each must be a PEM certificate or its base64 body.'] });
      await configure({ ...validConfig(), sso_url: 'http://idp.example.com/sso' }).expect(400);
      await t.http.put(`${API}/organizations/${organizationId}/sign-in/saml`).send(validConfig()).expect(401);
      await configure(validConfig(), (await registerUser(t.http)).auth).expect(403);
    });

    it('stores the provider and answers what to paste into it', async () => {
      const res = await configure(validConfig()).expect(200);
      const base = `${t.baseUrl}${API}/auth/saml/default`;
      expect(res.body).toMatchObject({
        idp_entity_id: idp.entityId,
        sso_url: idp.ssoUrl,
        attributes: { username: 'username', display_name: 'displayName', email: 'email' },
        enabled: true,
        login_url: `${base}/login`,
        sp_entity_id: `${base}/metadata`,
        acs_url: `${base}/acs`,
        metadata_url: `${base}/metadata`,
      });
      expect(res.body.idp_certificates[0]).not.toContain('BEGIN CERTIFICATE');
    });
  });

  describe('sign-in', () => {
    it('sends an AuthnRequest to the IdP for this service provider', async () => {
      const request = await authnRequest();
      expect(request.id).toMatch(/^_/);
      expect(request.acsUrl).toBe(`${t.baseUrl}${API}/auth/saml/default/acs`);
      expect(request.issuer).toBe(`${t.baseUrl}${API}/auth/saml/default/metadata`);
      expect(request.destination).toBe(idp.ssoUrl);
    });

    it('creates the user from a signed assertion’s attributes, then matches it by NameID', async () => {
      const attributes = { username: 'Kat.J', displayName: 'Katherine Johnson', email: 'kat@example.com' };
      const first = await signIn({ nameId: 'kat-001', attributes });
      expect(first.user).toMatchObject({ username: 'kat.j', display_name: 'Katherine Johnson', email: 'kat@example.com' });
      await t.http.get(`${API}/users/me`).set('Authorization', `Bearer ${first.access_token}`).expect(200);
      const again = await signIn({ nameId: 'kat-001', attributes: { ...attributes, displayName: 'Katherine G. Johnson' } });
      expect(again.user).toMatchObject({ id: first.user.id, display_name: 'Katherine G. Johnson' });
      const [identity] = await rows(`SELECT issuer, subject FROM external_identities WHERE user_id = $1`, [first.user.id]);
      expect(identity).toEqual({ issuer: idp.entityId, subject: 'kat-001' });
    });

    it('accepts a signed response around an unsigned assertion', async () => {
      await signIn({ nameId: 'resp-signed', sign: 'response' });
    });

    it('refuses a response where neither the response nor the assertion is signed', async () => {
      await refused({ nameId: 'unsigned', sign: 'none' });
    });

    it('refuses a bad signature: another key, or an assertion changed after signing', async () => {
      await refused({ nameId: 'forged', key: 'other' });
      await refused({ nameId: 'forged', key: 'other', sign: 'response' });
      await refused({ nameId: 'victim', tamper: (xml) => xml.replace('>victim<', '>admin<') });
    });

    it('refuses another audience', async () => {
      expect(await refused({ nameId: 'aud', audience: 'https://other-sp.example.com' })).toMatch(/audience/i);
    });

    it('refuses another recipient', async () => {
      expect(await refused({ nameId: 'rcpt', recipient: 'https://other-sp.example.com/acs' })).toContain('recipient');
    });

    it('refuses an expired assertion (NotOnOrAfter past)', async () => {
      await refused({ nameId: 'late', notOnOrAfterMinutes: -5 });
    });

    it('refuses another issuer', async () => {
      await refused({ nameId: 'iss', issuer: 'https://impostor.example.com' });
    });

    it('refuses an InResponseTo of no request, a missing one, and a request id used twice', async () => {
      await refused({ nameId: 'irt', inResponseTo: '_never-sent' });
      await refused({ nameId: 'irt', inResponseTo: null });
      const request = await authnRequest();
      await acs(idp.respond(request, { nameId: 'irt-1' })).expect(303);
      await refused(idp.respond(request, { nameId: 'irt-2' }));
    });

    it('refuses a replayed assertion', async () => {
      const request = await authnRequest();
      const response = idp.respond(request, { nameId: 'replay' });
      await acs(response).expect(303);
      expect(await refused(response)).toMatch(/InResponseTo|replayed/);
      // The same assertion in answer to a new request (its ID seen before).
      const again = await authnRequest();
      expect(
        await refused(
          idp.respond(again, { nameId: 'replay', assertionId: /ID="(_a[0-9a-f]+)"/.exec(Buffer.from(response, 'base64').toString())![1] }),
        ),
      ).toContain('replayed');
    });

    it('refuses an expired request', async () => {
      const request = await authnRequest();
      await rows(`UPDATE sign_in_requests SET expires_at = now() - interval '1 second'`);
      await refused(idp.respond(request, { nameId: 'slow' }));
    });

    it('refuses no SAMLResponse and garbage, and answers 404 for an unknown organization', async () => {
      await acs(undefined).expect(401);
      await acs(Buffer.from('<not-saml/>').toString('base64')).expect(401);
      await acs('%%%').expect(401);
      await t.http.get(`${API}/auth/saml/nowhere/login`).expect(404);
      await acs('x', 'nowhere').expect(404);
    });
  });
});
