import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The full-text index takes new messages into a pending list that the inserting
 * statement merges into the index once it passes gin_pending_list_limit (4 MB by
 * default). With chat traffic that merge landed on one send batch every few seconds
 * and held it, and every batch queued behind it, for about 30 ms. A 256 kB list is
 * merged 16 times as often at about a sixteenth of the cost: the same throughput,
 * no 30 ms stalls (bench: npm run bench -- send).
 */
export class MessageSearchPendingList1795427682217 implements MigrationInterface {
  name = 'MessageSearchPendingList1795427682217';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER INDEX "ix_messages_search" SET (gin_pending_list_limit = 256)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER INDEX "ix_messages_search" RESET (gin_pending_list_limit)`);
  }
}
