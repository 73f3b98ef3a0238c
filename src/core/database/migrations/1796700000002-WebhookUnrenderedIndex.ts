import { MigrationInterface, QueryRunner } from 'typeorm';

/** Outbox rows whose body is not rendered yet: WebhookRenderer looks them up after every change. */
export class WebhookUnrenderedIndex1796700000002 implements MigrationInterface {
  name = 'WebhookUnrenderedIndex1796700000002';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_webhook_deliveries_unrendered" ON "webhook_deliveries" ("created_at") WHERE "payload" IS NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "public"."ix_webhook_deliveries_unrendered"`);
  }
}
