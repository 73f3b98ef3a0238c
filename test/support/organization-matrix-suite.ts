import { API } from './test-app';
import { OrganizationMatrix, UNCHECKED } from './organization-matrix';

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
