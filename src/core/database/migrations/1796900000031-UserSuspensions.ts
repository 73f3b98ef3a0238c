import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deployment-wide suspension: one row per suspended user, until a time or (NULL) indefinitely.
 * Lifting deletes the row; the audit log keeps the history. `suspended_by` names the admin
 * without a foreign key, so the record outlives them (as reports and the audit log do).
 */
export class UserSuspensions1796900000031 implements MigrationInterface {
  name = 'UserSuspensions1796900000031';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "user_suspensions" ("user_id" uuid NOT NULL, "reason" text NOT NULL DEFAULT '', "suspended_until" TIMESTAMP WITH TIME ZONE, "suspended_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_user_suspensions" PRIMARY KEY ("user_id"))`,
    );
    await q.query(
      `ALTER TABLE "user_suspensions" ADD CONSTRAINT "fk_user_suspensions_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "user_suspensions"`);
  }
}
