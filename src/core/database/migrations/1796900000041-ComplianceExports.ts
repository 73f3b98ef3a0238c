import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Compliance export jobs (docs/compliance.md): what was asked (rooms, users, a time range, the
 * format, whether to include files), the job's state, and when done the stored archive's key,
 * size, SHA-256 and manifest. `requested_by` names the admin without a foreign key, as the audit
 * log does. The worker claims pending (or stalled running) jobs through ix_compliance_exports_open.
 */
export class ComplianceExports1796900000041 implements MigrationInterface {
  name = 'ComplianceExports1796900000041';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "compliance_exports" ("id" uuid NOT NULL, "requested_by" uuid, "room_ids" uuid array NOT NULL DEFAULT '{}', "user_ids" uuid array NOT NULL DEFAULT '{}', "from_at" TIMESTAMP WITH TIME ZONE, "until_at" TIMESTAMP WITH TIME ZONE, "format" character varying(8) NOT NULL, "include_files" boolean NOT NULL DEFAULT false, "status" character varying(16) NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT 0, "claimed_at" TIMESTAMP WITH TIME ZONE, "storage_key" character varying(255), "size" bigint, "sha256" character varying(64), "manifest" jsonb, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_compliance_exports_format" CHECK ("format" IN ('jsonl', 'csv')), CONSTRAINT "ck_compliance_exports_status" CHECK ("status" IN ('pending', 'running', 'done', 'failed')), CONSTRAINT "pk_compliance_exports" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_compliance_exports_open" ON "compliance_exports" ("created_at") WHERE "status" IN ('pending', 'running')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "compliance_exports"`);
  }
}
