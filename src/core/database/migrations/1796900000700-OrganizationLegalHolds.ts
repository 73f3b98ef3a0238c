import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A legal hold on a whole organization (docs/compliance.md): `organization_wide` holds every record
 * of the hold's own organization (its `organization_id`). The partial index, led by the
 * organization, serves the one EXISTS the held-records predicates add for it.
 */
export class OrganizationLegalHolds1796900000700 implements MigrationInterface {
  name = 'OrganizationLegalHolds1796900000700';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "legal_holds" ADD "organization_wide" boolean NOT NULL DEFAULT false`);
    await q.query(
      `CREATE INDEX "ix_legal_holds_organization_wide" ON "legal_holds" ("organization_id") WHERE "organization_wide" AND "released_at" IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_legal_holds_organization_wide"`);
    await q.query(`ALTER TABLE "legal_holds" DROP COLUMN "organization_wide"`);
  }
}
