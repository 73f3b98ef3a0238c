import { MigrationInterface, QueryRunner } from 'typeorm';

/** Owners and admins may withdraw a pending invitation; the row stays, as `withdrawn`. */
export class InvitationWithdrawn1795859376546 implements MigrationInterface {
  name = 'InvitationWithdrawn1795859376546';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "ck_invitations_status"`);
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "ck_invitations_status" CHECK ("status" IN ('pending', 'accepted', 'declined', 'withdrawn'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "ck_invitations_status"`);
    await queryRunner.query(`UPDATE "invitations" SET "status" = 'declined' WHERE "status" = 'withdrawn'`);
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "ck_invitations_status" CHECK ("status" IN ('pending', 'accepted', 'declined'))`,
    );
  }
}
