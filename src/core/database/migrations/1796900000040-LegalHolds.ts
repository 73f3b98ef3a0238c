import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Legal holds (docs/compliance.md): a named hold with its reason and creator, and what it holds
 * (users, rooms). While a hold is not released, retention, erasure and room deletion keep the
 * records it covers (the predicates in src/core/legal-hold/store/held-records.ts). The targets name
 * users and rooms without a foreign key, so a hold keeps saying what it held after they are gone;
 * `legal_hold_messages` pins the messages of a held user who is deleted (their sender becomes
 * NULL), with the sender's id. `created_by`/`released_by` name admins without a foreign key, as the
 * audit log does.
 */
export class LegalHolds1796900000040 implements MigrationInterface {
  name = 'LegalHolds1796900000040';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "legal_holds" ("id" uuid NOT NULL, "name" character varying(150) NOT NULL, "reason" text NOT NULL DEFAULT '', "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "released_at" TIMESTAMP WITH TIME ZONE, "released_by" uuid, CONSTRAINT "pk_legal_holds" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_legal_holds_active" ON "legal_holds" ("id") WHERE "released_at" IS NULL`);
    await q.query(
      `CREATE TABLE "legal_hold_users" ("hold_id" uuid NOT NULL, "user_id" uuid NOT NULL, CONSTRAINT "pk_legal_hold_users" PRIMARY KEY ("hold_id", "user_id"))`,
    );
    await q.query(`CREATE INDEX "ix_legal_hold_users_user" ON "legal_hold_users" ("user_id")`);
    await q.query(
      `CREATE TABLE "legal_hold_rooms" ("hold_id" uuid NOT NULL, "room_id" uuid NOT NULL, CONSTRAINT "pk_legal_hold_rooms" PRIMARY KEY ("hold_id", "room_id"))`,
    );
    await q.query(`CREATE INDEX "ix_legal_hold_rooms_room" ON "legal_hold_rooms" ("room_id")`);
    await q.query(
      `CREATE TABLE "legal_hold_messages" ("hold_id" uuid NOT NULL, "message_id" uuid NOT NULL, "sender_id" uuid, CONSTRAINT "pk_legal_hold_messages" PRIMARY KEY ("hold_id", "message_id"))`,
    );
    await q.query(`CREATE INDEX "ix_legal_hold_messages_message" ON "legal_hold_messages" ("message_id")`);
    for (const table of ['legal_hold_users', 'legal_hold_rooms', 'legal_hold_messages']) {
      await q.query(
        `ALTER TABLE "${table}" ADD CONSTRAINT "fk_${table}_hold" FOREIGN KEY ("hold_id") REFERENCES "legal_holds"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
      );
    }
    await q.query(
      `ALTER TABLE "legal_hold_messages" ADD CONSTRAINT "fk_legal_hold_messages_message" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "legal_hold_messages"`);
    await q.query(`DROP TABLE "legal_hold_rooms"`);
    await q.query(`DROP TABLE "legal_hold_users"`);
    await q.query(`DROP TABLE "legal_holds"`);
  }
}
