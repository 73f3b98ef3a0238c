import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Notifications planned durably (docs/notifications.md, "Planning"): the send statement queues each text
 * message in `notification_plans` in its own transaction, so a crash right after the commit loses nothing;
 * planners on any node claim the queue with FOR UPDATE SKIP LOCKED. And one open notification per
 * (user, channel, room): `uq_notifications_open` is the arbiter of the planners' INSERT .. ON CONFLICT, so
 * two nodes planning messages of one room for one user collapse them into one row with a count.
 * The queue has its primary key only, no foreign key and no index on `created_at`: each costs the send
 * statement a step per message, and the queue stays short (a planner finds a deleted message gone).
 */
export class NotificationPlans1796900000000 implements MigrationInterface {
  name = 'NotificationPlans1796900000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "notification_plans" (
      "message_id" uuid NOT NULL, "room_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_notification_plans" PRIMARY KEY ("message_id"))`);
    // Rows the old planner may have opened twice (two nodes at once): the later ones leave the open set.
    await q.query(`UPDATE notifications n SET attempts = 1
      WHERE n.state = 'pending' AND n.attempts = 0 AND EXISTS (
        SELECT 1 FROM notifications o WHERE o.state = 'pending' AND o.attempts = 0 AND o.user_id = n.user_id AND o.channel = n.channel
           AND o.room_id IS NOT DISTINCT FROM n.room_id AND (o.created_at, o.id) < (n.created_at, n.id))`);
    await q.query(`CREATE UNIQUE INDEX "uq_notifications_open" ON "notifications"
      ("user_id", "channel", coalesce("room_id", '00000000-0000-0000-0000-000000000000'::uuid))
      WHERE "state" = 'pending' AND "attempts" = 0`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "uq_notifications_open"`);
    await q.query(`DROP TABLE "notification_plans"`);
  }
}
