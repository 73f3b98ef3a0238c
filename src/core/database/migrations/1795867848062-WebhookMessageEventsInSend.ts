import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The send path paid about 0.35 ms of PostgreSQL time per batch for the two
 * statement-level webhook triggers on `messages` even with no endpoint at all: the
 * transition tables and the trigger calls cost more than the one-row insert itself,
 * and the batch's thread-counter UPDATE (zero rows for an ordinary message) fired the
 * update trigger on every send. Now:
 * - `message.created` deliveries are written by the send statement itself (a CTE
 *   of MessageLog's APPEND_CTE, the only code that inserts messages), in the same
 *   transaction: with no subscriber, a scan of the tiny endpoints table.
 * - `message.updated` / `message.deleted` come from a row-level trigger on updates
 *   of `edited_at` or `deleted_at` only (pins, reactions and thread counters no
 *   longer fire anything).
 */
export class WebhookMessageEventsInSend1795867848062 implements MigrationInterface {
  name = 'WebhookMessageEventsInSend1795867848062';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER webhook_messages_inserted ON messages`);
    await q.query(`DROP FUNCTION webhook_messages_inserted()`);
    await q.query(`DROP TRIGGER webhook_messages_updated ON messages`);
    await q.query(`DROP FUNCTION webhook_messages_updated()`);
    await q.query(`CREATE FUNCTION webhook_message_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE event_type text := CASE WHEN NEW.deleted_at IS NOT NULL THEN 'message.deleted' ELSE 'message.updated' END;
      BEGIN
        IF webhook_wanted(event_type) THEN PERFORM webhook_enqueue(event_type, ARRAY[webhook_message(NEW)]); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER webhook_message_changed AFTER UPDATE OF edited_at, deleted_at ON messages FOR EACH ROW
      WHEN ((NEW.deleted_at IS NOT NULL AND OLD.deleted_at IS NULL) OR (NEW.deleted_at IS NULL AND NEW.edited_at IS DISTINCT FROM OLD.edited_at))
      EXECUTE FUNCTION webhook_message_changed()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER webhook_message_changed ON messages`);
    await q.query(`DROP FUNCTION webhook_message_changed()`);
    await q.query(`CREATE FUNCTION webhook_messages_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF webhook_wanted('message.created') THEN
          PERFORM webhook_enqueue('message.created', ARRAY(SELECT webhook_message(n) FROM new_rows n ORDER BY n.room_id, n.seq));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER webhook_messages_inserted AFTER INSERT ON messages REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION webhook_messages_inserted()`);
    await q.query(`CREATE FUNCTION webhook_messages_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF webhook_wanted('message.deleted') THEN
          PERFORM webhook_enqueue('message.deleted', ARRAY(SELECT webhook_message(n) FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.deleted_at IS NOT NULL AND o.deleted_at IS NULL));
        END IF;
        IF webhook_wanted('message.updated') THEN
          PERFORM webhook_enqueue('message.updated', ARRAY(SELECT webhook_message(n) FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE n.deleted_at IS NULL AND n.edited_at IS DISTINCT FROM o.edited_at));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER webhook_messages_updated AFTER UPDATE ON messages REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION webhook_messages_updated()`);
  }
}
