import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Message webhooks stop carrying a payload built in SQL (`webhook_message()`,
 * 11 of the Message's fields): the outbox row records the event type and the
 * message id (`subject`), still in the transaction that made the change, and the
 * worker renders `data` with the same view as the socket payload (MessageViews)
 * when it first sends the delivery, then keeps that body for every retry.
 * Rows written before this migration keep their payload and are sent as they are.
 */
export class WebhookMessagesRenderedInApp1796700000000 implements MigrationInterface {
  name = 'WebhookMessagesRenderedInApp1796700000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_deliveries ADD subject jsonb, ALTER COLUMN payload DROP NOT NULL`);
    await q.query(`CREATE FUNCTION webhook_record(event_type text, subjects jsonb[]) RETURNS void LANGUAGE sql AS $$
      INSERT INTO webhook_deliveries (id, endpoint_id, event_type, subject)
      SELECT webhook_uuid7(), e.id, event_type, s
        FROM unnest(subjects) AS s CROSS JOIN webhook_endpoints e
       WHERE e.enabled AND (cardinality(e.event_types) = 0 OR event_type = ANY (e.event_types))
    $$`);
    await q.query(`CREATE OR REPLACE FUNCTION webhook_message_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE event_type text := CASE WHEN NEW.deleted_at IS NOT NULL THEN 'message.deleted' ELSE 'message.updated' END;
      BEGIN
        IF webhook_wanted(event_type) THEN PERFORM webhook_record(event_type, ARRAY[jsonb_build_object('message_id', NEW.id)]); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`DROP FUNCTION webhook_message(messages)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION webhook_message(m messages) RETURNS jsonb LANGUAGE sql STABLE AS $$
      SELECT jsonb_build_object('id', m.id, 'room_id', m.room_id, 'seq', m.seq, 'type', m.type,
        'sender', CASE WHEN m.sender_id IS NULL THEN NULL ELSE webhook_user(m.sender_id) END,
        'content', CASE WHEN m.deleted_at IS NULL THEN m.content ELSE '' END,
        'meta', CASE WHEN m.deleted_at IS NULL THEN m.meta ELSE '{}'::jsonb END,
        'reply_to_id', m.reply_to_id, 'client_message_id', m.client_message_id, 'created_at', webhook_ts(m.created_at),
        'edited_at', webhook_ts(m.edited_at), 'deleted', m.deleted_at IS NOT NULL)
    $$`);
    await q.query(`CREATE OR REPLACE FUNCTION webhook_message_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE event_type text := CASE WHEN NEW.deleted_at IS NOT NULL THEN 'message.deleted' ELSE 'message.updated' END;
      BEGIN
        IF webhook_wanted(event_type) THEN PERFORM webhook_enqueue(event_type, ARRAY[webhook_message(NEW)]); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`DROP FUNCTION webhook_record(text, jsonb[])`);
    await q.query(`DELETE FROM webhook_deliveries WHERE payload IS NULL`);
    await q.query(`ALTER TABLE webhook_deliveries DROP COLUMN subject, ALTER COLUMN payload SET NOT NULL`);
  }
}
