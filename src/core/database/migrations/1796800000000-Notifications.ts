import { MigrationInterface, QueryRunner } from 'typeorm';

/** Notifications for people who are away (docs/notifications.md): devices, preferences and the outbox. */
export class Notifications1796800000000 implements MigrationInterface {
  name = 'Notifications1796800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "notification_devices" (
      "user_id" uuid NOT NULL, "id" uuid NOT NULL, "session_id" uuid, "kind" character varying(8) NOT NULL,
      "endpoint" text, "p256dh" character varying(128), "auth" character varying(64), "token" text, "app_id" character varying(255),
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "ck_notification_devices_kind" CHECK ("kind" IN ('web', 'ios', 'android')),
      CONSTRAINT "pk_notification_devices" PRIMARY KEY ("user_id", "id"))`);
    await q.query(`CREATE INDEX "ix_notification_devices_session" ON "notification_devices" ("session_id")`);
    await q.query(`ALTER TABLE "notification_devices" ADD CONSTRAINT "fk_notification_devices_user"
      FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    await q.query(`CREATE TABLE "notification_settings" (
      "user_id" uuid NOT NULL, "level" character varying(8), "email" boolean NOT NULL DEFAULT true,
      "snooze_until" TIMESTAMP WITH TIME ZONE, "quiet_start" character varying(5), "quiet_end" character varying(5),
      "time_zone" character varying(64) NOT NULL DEFAULT 'UTC', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "pk_notification_settings" PRIMARY KEY ("user_id"))`);
    await q.query(`ALTER TABLE "notification_settings" ADD CONSTRAINT "fk_notification_settings_user"
      FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    await q.query(`CREATE TABLE "notification_room_settings" (
      "user_id" uuid NOT NULL, "room_id" uuid NOT NULL, "level" character varying(8) NOT NULL,
      CONSTRAINT "pk_notification_room_settings" PRIMARY KEY ("user_id", "room_id"))`);
    await q.query(`CREATE INDEX "ix_notification_room_settings_room" ON "notification_room_settings" ("room_id")`);
    await q.query(`ALTER TABLE "notification_room_settings" ADD CONSTRAINT "fk_notification_room_settings_user"
      FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notification_room_settings" ADD CONSTRAINT "fk_notification_room_settings_room"
      FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    await q.query(`CREATE TABLE "notifications" (
      "id" uuid NOT NULL, "user_id" uuid NOT NULL, "room_id" uuid, "message_id" uuid NOT NULL, "channel" character varying(8) NOT NULL,
      "items" uuid array NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "attempts" integer NOT NULL DEFAULT 0,
      "claimed_by" character varying(64), "claimed_until" TIMESTAMP WITH TIME ZONE, "state" character varying(8) NOT NULL DEFAULT 'pending',
      "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "sent_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "ck_notifications_channel" CHECK ("channel" IN ('push', 'email')),
      CONSTRAINT "ck_notifications_state" CHECK ("state" IN ('pending', 'sent', 'skipped', 'dead')),
      CONSTRAINT "pk_notifications" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "uq_notifications_user_message_channel" ON "notifications" ("user_id", "message_id", "channel")`);
    await q.query(`CREATE INDEX "ix_notifications_due" ON "notifications" ("due_at") WHERE "state" = 'pending'`);
    await q.query(`CREATE INDEX "ix_notifications_message" ON "notifications" ("message_id")`);
    await q.query(`CREATE INDEX "ix_notifications_room" ON "notifications" ("room_id")`);
    await q.query(`ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_user"
      FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_room"
      FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "notifications" ADD CONSTRAINT "fk_notifications_message"
      FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "notifications"`);
    await q.query(`DROP TABLE "notification_room_settings"`);
    await q.query(`DROP TABLE "notification_settings"`);
    await q.query(`DROP TABLE "notification_devices"`);
  }
}
