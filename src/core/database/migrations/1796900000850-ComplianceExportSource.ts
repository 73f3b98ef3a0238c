import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organization a compliance export reads (docs/compliance.md): the job's own organization, or
 * for an operator's export of another organization that one, while the job stays the operator's
 * row. Existing jobs read their own organization. The default is the new row's organization, like
 * `organization_id`'s, so a job that names no other reads its own.
 */
export class ComplianceExportSource1796900000850 implements MigrationInterface {
  name = 'ComplianceExportSource1796900000850';

  public async up(q: QueryRunner): Promise<void> {
    // Every organization's jobs: row-level security binds the table's owner too (FORCE).
    await q.query(`SELECT set_config('parley.system', 'on', true)`);
    await q.query(`ALTER TABLE "compliance_exports" ADD "source_organization_id" uuid`);
    await q.query(`UPDATE "compliance_exports" SET "source_organization_id" = "organization_id"`);
    await q.query(`ALTER TABLE "compliance_exports" ALTER COLUMN "source_organization_id" SET DEFAULT parley_new_row_organization()`);
    await q.query(`ALTER TABLE "compliance_exports" ALTER COLUMN "source_organization_id" SET NOT NULL`);
    await q.query(
      `ALTER TABLE "compliance_exports" ADD CONSTRAINT "fk_compliance_exports_source_organization" FOREIGN KEY ("source_organization_id") REFERENCES "organizations"("id")`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "compliance_exports" DROP CONSTRAINT "fk_compliance_exports_source_organization"`);
    await q.query(`ALTER TABLE "compliance_exports" DROP COLUMN "source_organization_id"`);
  }
}
