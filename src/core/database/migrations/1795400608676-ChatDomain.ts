import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChatDomain1795400608676 implements MigrationInterface {
  name = 'ChatDomain1795400608676';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "rooms" ("id" uuid NOT NULL, "name" character varying(150), "slug" character varying(170), "description" text NOT NULL DEFAULT '', "room_type" character varying(16) NOT NULL, "visibility" character varying(8) NOT NULL DEFAULT 'private', "meta" jsonb NOT NULL DEFAULT '{}', "is_active" boolean NOT NULL DEFAULT true, "max_participants" integer, "created_by" uuid, "direct_key" character varying(73), "last_seq" bigint NOT NULL DEFAULT '0', "participant_count" integer NOT NULL DEFAULT '0', "message_count" integer NOT NULL DEFAULT '0', "last_message_id" uuid, "last_message_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_rooms_visibility" CHECK ("visibility" IN ('public', 'private')), CONSTRAINT "ck_rooms_room_type" CHECK ("room_type" IN ('ONE_TO_ONE', 'GROUP', 'COURSE', 'SUPPORT')), CONSTRAINT "pk_rooms" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_rooms_public_activity" ON "rooms"  ("visibility", "last_message_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_rooms_direct_key" ON "rooms"  ("direct_key") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_rooms_slug" ON "rooms"  ("slug") `);
    await queryRunner.query(
      `CREATE TABLE "invitations" ("id" uuid NOT NULL, "room_id" uuid NOT NULL, "invited_by" uuid NOT NULL, "invitee_id" uuid NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'pending', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "responded_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_invitations_status" CHECK ("status" IN ('pending', 'accepted', 'declined')), CONSTRAINT "pk_invitations" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_invitations_invitee" ON "invitations"  ("invitee_id", "status") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_invitations_pending" ON "invitations"  ("room_id", "invitee_id") WHERE "status" = 'pending'`);
    await queryRunner.query(
      `CREATE TABLE "room_bans" ("room_id" uuid NOT NULL, "user_id" uuid NOT NULL, "banned_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "pk_room_bans" PRIMARY KEY ("room_id", "user_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "room_members" ("room_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(8) NOT NULL DEFAULT 'member', "last_read_seq" bigint NOT NULL DEFAULT '0', "notifications_muted" boolean NOT NULL DEFAULT false, "joined_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "ck_room_members_role" CHECK ("role" IN ('owner', 'admin', 'member')), CONSTRAINT "pk_room_members" PRIMARY KEY ("room_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "ix_room_members_user_id" ON "room_members"  ("user_id") `);
    await queryRunner.query(
      `CREATE TABLE "messages" ("id" uuid NOT NULL, "room_id" uuid NOT NULL, "seq" bigint NOT NULL, "type" character varying(8) NOT NULL DEFAULT 'text', "sender_id" uuid, "content" text NOT NULL, "meta" jsonb NOT NULL DEFAULT '{}', "reply_to_id" uuid, "client_message_id" character varying(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "edited_at" TIMESTAMP WITH TIME ZONE, "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "ck_messages_type" CHECK ("type" IN ('text', 'system')), CONSTRAINT "pk_messages" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_messages_sender_client_id" ON "messages"  ("sender_id", "client_message_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "uq_messages_room_seq" ON "messages"  ("room_id", "seq") `);
    // Full-text search inside a room (GET .../messages/search): a GIN index on the tsvector expression.
    await queryRunner.query(`CREATE INDEX "ix_messages_search" ON "messages" USING gin (to_tsvector('simple', "content"))`);
    await queryRunner.query(
      `ALTER TABLE "rooms" ADD CONSTRAINT "fk_rooms_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "fk_invitations_room" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "fk_invitations_invited_by" FOREIGN KEY ("invited_by") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "invitations" ADD CONSTRAINT "fk_invitations_invitee" FOREIGN KEY ("invitee_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "room_bans" ADD CONSTRAINT "fk_room_bans_room" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "room_bans" ADD CONSTRAINT "fk_room_bans_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "room_members" ADD CONSTRAINT "fk_room_members_room" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "room_members" ADD CONSTRAINT "fk_room_members_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" ADD CONSTRAINT "fk_messages_room" FOREIGN KEY ("room_id") REFERENCES "rooms"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" ADD CONSTRAINT "fk_messages_sender" FOREIGN KEY ("sender_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "messages" ADD CONSTRAINT "fk_messages_reply_to" FOREIGN KEY ("reply_to_id") REFERENCES "messages"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "fk_messages_reply_to"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "fk_messages_sender"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "fk_messages_room"`);
    await queryRunner.query(`ALTER TABLE "room_members" DROP CONSTRAINT "fk_room_members_user"`);
    await queryRunner.query(`ALTER TABLE "room_members" DROP CONSTRAINT "fk_room_members_room"`);
    await queryRunner.query(`ALTER TABLE "room_bans" DROP CONSTRAINT "fk_room_bans_user"`);
    await queryRunner.query(`ALTER TABLE "room_bans" DROP CONSTRAINT "fk_room_bans_room"`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "fk_invitations_invitee"`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "fk_invitations_invited_by"`);
    await queryRunner.query(`ALTER TABLE "invitations" DROP CONSTRAINT "fk_invitations_room"`);
    await queryRunner.query(`ALTER TABLE "rooms" DROP CONSTRAINT "fk_rooms_created_by"`);
    await queryRunner.query(`DROP INDEX "public"."ix_messages_search"`);
    await queryRunner.query(`DROP INDEX "public"."uq_messages_room_seq"`);
    await queryRunner.query(`DROP INDEX "public"."uq_messages_sender_client_id"`);
    await queryRunner.query(`DROP TABLE "messages"`);
    await queryRunner.query(`DROP INDEX "public"."ix_room_members_user_id"`);
    await queryRunner.query(`DROP TABLE "room_members"`);
    await queryRunner.query(`DROP TABLE "room_bans"`);
    await queryRunner.query(`DROP INDEX "public"."uq_invitations_pending"`);
    await queryRunner.query(`DROP INDEX "public"."ix_invitations_invitee"`);
    await queryRunner.query(`DROP TABLE "invitations"`);
    await queryRunner.query(`DROP INDEX "public"."uq_rooms_slug"`);
    await queryRunner.query(`DROP INDEX "public"."uq_rooms_direct_key"`);
    await queryRunner.query(`DROP INDEX "public"."ix_rooms_public_activity"`);
    await queryRunner.query(`DROP TABLE "rooms"`);
  }
}
