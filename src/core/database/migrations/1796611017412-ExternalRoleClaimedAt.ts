import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `iat` of the newest token whose role claim was applied to the user behind an
 * external identity: a role taken from tokens only ever moves forward in time, so an
 * older token still carrying `admin` cannot undo a newer one without it.
 */
export class ExternalRoleClaimedAt1796611017412 implements MigrationInterface {
  name = 'ExternalRoleClaimedAt1796611017412';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "external_identities" ADD "role_claimed_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "external_identities" DROP COLUMN "role_claimed_at"`);
  }
}
