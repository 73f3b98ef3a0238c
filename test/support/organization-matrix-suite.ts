import { API } from './test-app';
import { DEFAULT_ORGANIZATION_ID } from '../../src/core/database/organization-scope';
import { NORTH_AUDIENCE, OrganizationMatrix, UNCHECKED } from './organization-matrix';
import { withClient } from './test-database';

/**
 * The matrix's tests, shared by test/organizations-matrix.e2e-spec.ts (the application as it runs) and
 * test/organizations-matrix-rls.e2e-spec.ts (its own organization checks switched off: row-level security alone).
 */
export function matrixSuite(title: string, overrides: Record<string, string> = {}): void {
  describe(title, () => {
    const m = new OrganizationMatrix(overrides);
    beforeAll(() => m.start(), 120_000);
    afterAll(() => m.close());

    /** Every route of the document with a path parameter. */
    const idRoutes = () => m.operations().filter((e) => e.path.startsWith(API) && e.path.includes('{'));

    it('signs an organization’s identity provider’s tokens in to that organization alone', async () => {
      const me = (token: string) => m.t.http.get(`${API}/users/me`).set({ Authorization: `Bearer ${token}` });
      const subject = `ext-only-${Date.now()}`;
      const own = await me(await m.northProvider.token(subject, NORTH_AUDIENCE)).expect(200);
      const organization = await withClient(
        m.t.databaseUrl,
        async (c) => (await c.query(`SELECT organization_id FROM users WHERE id = $1`, [own.body.id])).rows[0],
      );
      expect(organization.organization_id).toBe(m.northId);
      // Another audience, the deployment's issuer with North's key, North's issuer with the deployment's key: refused.
      await me(await m.northProvider.token(subject, 'parley-matrix')).expect(401);
      await me(await m.northProvider.token(subject, NORTH_AUDIENCE, m.provider.issuer)).expect(401);
      await me(await m.provider.token(subject, NORTH_AUDIENCE, m.northProvider.issuer)).expect(401);
      // One organization per issuer; settings are validated.
      const taken = await m.t.http
        .patch(`${API}/organizations/${DEFAULT_ORGANIZATION_ID}`)
        .set(m.operator)
        .send({ settings: { idp_issuer: m.northProvider.issuer } })
        .expect(409);
      expect(taken.body.code).toBe('conflict');
      const bad = await m.t.http
        .patch(`${API}/organizations/${m.northId}`)
        .set(m.operator)
        .send({ settings: { idp_issuer: 'not a url', idp_jwks_url: 'ftp://x', idp_claim_email: '' } })
        .expect(400);
      expect(Object.keys(bad.body).sort()).toEqual(['settings.idp_claim_email', 'settings.idp_issuer', 'settings.idp_jwks_url']);
    });

    it('covers every route with a path parameter and every client socket event', () => {
      const unfilled = idRoutes()
        .filter((e) => !UNCHECKED[e.key])
        .flatMap((e) => [...m.missing(e.path, m.north.victim), ...m.missing(e.path, m.defaultOrg.victim)].map((k) => `${e.key}: ${k}`));
      expect(unfilled).toEqual([]);
      expect(OrganizationMatrix.clientEvents().filter((e) => !OrganizationMatrix.EVENT_PAYLOADS[e])).toEqual([]);
      expect(idRoutes().length).toBeGreaterThan(50);
    });

    it("answers the default organization's roles on North's ids exactly as on nobody's", async () => {
      const routes = idRoutes().filter((e) => !UNCHECKED[e.key]);
      expect(await m.routes(m.defaultOrg, m.north.victim, routes)).toEqual([]);
    }, 300_000);

    it("answers North's roles on the default organization's ids exactly as on nobody's", async () => {
      const routes = idRoutes().filter((e) => !UNCHECKED[e.key]);
      expect(await m.routes(m.north, m.defaultOrg.victim, routes)).toEqual([]);
    }, 300_000);

    it('shows no row of the other organization in any list or search', async () => {
      expect(await m.lists(m.defaultOrg, m.north.victim)).toEqual([]);
      expect(await m.lists(m.north, m.defaultOrg.victim)).toEqual([]);
    }, 300_000);

    it('answers every client socket event with the other organization’s ids as with nobody’s', async () => {
      expect(await m.events(m.defaultOrg, m.north.victim)).toEqual([]);
      expect(await m.events(m.north, m.defaultOrg.victim)).toEqual([]);
    }, 300_000);
  });
}
