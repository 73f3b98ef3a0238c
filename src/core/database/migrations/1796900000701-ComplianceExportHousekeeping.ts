import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Compliance exports of a whole organization and their housekeeping (docs/compliance.md):
 * `organization_wide` exports every room of the job's organization; `expired` is the state of a
 * finished job whose archive the cleanup removed (`expired_at`). The partial index, led by the
 * organization, serves the cleanup's search for archives past their time.
 */
export class ComplianceExportHousekeeping1796900000701 implements MigrationInterface {
  name = 'ComplianceExportHousekeeping1796900000701';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "compliance_exports" ADD "organization_wide" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "compliance_exports" ADD "expired_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "compliance_exports" DROP CONSTRAINT "ck_compliance_exports_status"`);
    await q.query(
      `ALTER TABLE "compliance_exports" ADD CONSTRAINT "ck_compliance_exports_status" CHECK ("status" IN ('pending', 'running', 'done', 'failed', 'expired'))`,
    );
    await q.query(`CREATE INDEX "ix_compliance_exports_done" ON "compliance_exports" ("organization_id", "finished_at") WHERE "status" = 'done'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_compliance_exports_done"`);
    await q.query(`UPDATE "compliance_exports" SET "status" = 'failed' WHERE "status" = 'expired'`);
    await q.query(`ALTER TABLE "compliance_exports" DROP CONSTRAINT "ck_compliance_exports_status"`);
    await q.query(
      `ALTER TABLE "compliance_exports" ADD CONSTRAINT "ck_compliance_exports_status" CHECK ("status" IN ('pending', 'running', 'done', 'failed'))`,
    );
    await q.query(`ALTER TABLE "compliance_exports" DROP COLUMN "expired_at"`);
    await q.query(`ALTER TABLE "compliance_exports" DROP COLUMN "organization_wide"`);
  }
}
