import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organizations table under row-level security too: the application role sees its own organization's
 * row, and every row only in system scope (operators' administration, the sign-in's look-up by slug).
 * Not FORCEd: migrations, as the table's owner, still read every organization. An organization's own
 * identity provider (settings.idp_issuer) is its alone: a token's issuer names one organization.
 */
export class OrganizationsRowSecurity1796900000500 implements MigrationInterface {
  name = 'OrganizationsRowSecurity1796900000500';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE UNIQUE INDEX "uq_organizations_idp_issuer" ON "organizations" (("settings"->>'idp_issuer')) WHERE "settings"->>'idp_issuer' IS NOT NULL`,
    );
    await q.query(`ALTER TABLE "organizations" ENABLE ROW LEVEL SECURITY`);
    await q.query(
      `CREATE POLICY "organization_self" ON "organizations"
         USING (id = (SELECT parley_organization()) OR (SELECT parley_system_scope()))
         WITH CHECK (id = (SELECT parley_organization()) OR (SELECT parley_system_scope()))`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY "organization_self" ON "organizations"`);
    await q.query(`ALTER TABLE "organizations" DISABLE ROW LEVEL SECURITY`);
    await q.query(`DROP INDEX "uq_organizations_idp_issuer"`);
  }
}
