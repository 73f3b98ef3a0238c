import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An external room id is an organization's own (docs/organizations.md): two organizations' server APIs may
 * both use `course-101`. The key starts with `organization_id`, like the other per-organization keys.
 */
export class ExternalRoomsPerOrganization1796900000501 implements MigrationInterface {
  name = 'ExternalRoomsPerOrganization1796900000501';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "external_rooms" DROP CONSTRAINT "pk_external_rooms"`);
    await q.query(`ALTER TABLE "external_rooms" ADD CONSTRAINT "pk_external_rooms" PRIMARY KEY ("organization_id", "external_id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "external_rooms" DROP CONSTRAINT "pk_external_rooms"`);
    await q.query(`ALTER TABLE "external_rooms" ADD CONSTRAINT "pk_external_rooms" PRIMARY KEY ("external_id")`);
  }
}
