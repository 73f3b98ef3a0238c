import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The webhook outbox is written by triggers, so every change that emits an event
 * records its deliveries in the very transaction that makes it, whichever code path
 * (REST, sockets, server API, cascades) made it. Each trigger first checks that an
 * enabled endpoint wants the event type, so with no subscriber the change pays one
 * index-free lookup in a tiny table. The send path's batch insert fires one
 * statement-level trigger per batch, not one per message. Room counters and read
 * positions (the send path's other writes) are outside the column lists and never
 * fire anything.
 */
export class WebhookOutbox1795862238082 implements MigrationInterface {
  name = 'WebhookOutbox1795862238082';

  public async up(q: QueryRunner): Promise<void> {
    // UUIDv7 (time-ordered) webhook ids, so the delivery log pages by id.
    await q.query(`CREATE FUNCTION webhook_uuid7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
      SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING
        substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
    $$`);
    await q.query(`CREATE FUNCTION webhook_ts(t timestamptz) RETURNS text LANGUAGE sql STABLE AS $$
      SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
    $$`);
    await q.query(`CREATE FUNCTION webhook_wanted(event_type text) RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.enabled AND (cardinality(e.event_types) = 0 OR event_type = ANY (e.event_types)))
    $$`);
    await q.query(`CREATE FUNCTION webhook_enqueue(event_type text, items jsonb[]) RETURNS void LANGUAGE sql AS $$
      INSERT INTO webhook_deliveries (id, endpoint_id, event_type, payload)
      SELECT webhook_uuid7(), e.id, event_type, jsonb_build_object('type', event_type, 'timestamp', webhook_ts(clock_timestamp()), 'data', d)
        FROM unnest(items) AS d CROSS JOIN webhook_endpoints e
       WHERE e.enabled AND (cardinality(e.event_types) = 0 OR event_type = ANY (e.event_types))
    $$`);
    // The socket events' resource shapes (minus `online`, which lives in presence, not in the database).
    await q.query(`CREATE FUNCTION webhook_user(uid uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
      SELECT coalesce((SELECT jsonb_build_object('id', u.id, 'username', u.username, 'display_name', u.display_name,
        'first_name', u.first_name, 'last_name', u.last_name, 'user_type', u.user_type, 'role', u.role,
        'last_seen_at', webhook_ts(u.last_seen_at), 'created_at', webhook_ts(u.created_at)) FROM users u WHERE u.id = uid),
        jsonb_build_object('id', uid))
    $$`);
    await q.query(`CREATE FUNCTION webhook_message(m messages) RETURNS jsonb LANGUAGE sql STABLE AS $$
      SELECT jsonb_build_object('id', m.id, 'room_id', m.room_id, 'seq', m.seq, 'type', m.type,
        'sender', CASE WHEN m.sender_id IS NULL THEN NULL ELSE webhook_user(m.sender_id) END,
        'content', CASE WHEN m.deleted_at IS NULL THEN m.content ELSE '' END,
        'meta', CASE WHEN m.deleted_at IS NULL THEN m.meta ELSE '{}'::jsonb END,
        'reply_to_id', m.reply_to_id, 'client_message_id', m.client_message_id, 'created_at', webhook_ts(m.created_at),
        'edited_at', webhook_ts(m.edited_at), 'deleted', m.deleted_at IS NOT NULL)
    $$`);
    await q.query(`CREATE FUNCTION webhook_member(m room_members) RETURNS jsonb LANGUAGE sql STABLE AS $$
      SELECT jsonb_build_object('room_id', m.room_id, 'member', jsonb_build_object('user', webhook_user(m.user_id), 'role', m.role,
        'joined_at', webhook_ts(m.joined_at), 'last_read_seq', m.last_read_seq, 'notifications_muted', m.notifications_muted,
        'muted_until', webhook_ts(m.muted_until)))
    $$`);
    await q.query(`CREATE FUNCTION webhook_room(r rooms) RETURNS jsonb LANGUAGE sql STABLE AS $$
      SELECT jsonb_build_object('id', r.id, 'name', r.name, 'slug', r.slug, 'description', r.description, 'room_type', r.room_type,
        'visibility', r.visibility, 'meta', r.meta, 'is_active', r.is_active, 'max_participants', r.max_participants,
        'created_by', r.created_by, 'created_at', webhook_ts(r.created_at), 'updated_at', webhook_ts(r.updated_at),
        'last_message_at', webhook_ts(r.last_message_at), 'participant_count', r.participant_count, 'message_count', r.message_count,
        'posting', r.posting, 'slow_mode_seconds', r.slow_mode_seconds, 'archived_at', webhook_ts(r.archived_at), 'retention_days', r.retention_days,
        'external_id', (SELECT x.external_id FROM external_rooms x WHERE x.room_id = r.id))
    $$`);

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

    await q.query(`CREATE FUNCTION webhook_members_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF webhook_wanted('member.joined') THEN
          PERFORM webhook_enqueue('member.joined', ARRAY(SELECT webhook_member(n) FROM new_rows n));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER webhook_members_inserted AFTER INSERT ON room_members REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION webhook_members_inserted()`);
    // Memberships that go with their room (a cascade of room.deleted) are not "left".
    await q.query(`CREATE FUNCTION webhook_members_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF webhook_wanted('member.left') THEN
          PERFORM webhook_enqueue('member.left', ARRAY(SELECT webhook_member(o) FROM old_rows o
            WHERE EXISTS (SELECT 1 FROM rooms r WHERE r.id = o.room_id)));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER webhook_members_deleted AFTER DELETE ON room_members REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION webhook_members_deleted()`);
    await q.query(`CREATE FUNCTION webhook_member_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF webhook_wanted('member.updated') THEN PERFORM webhook_enqueue('member.updated', ARRAY[webhook_member(NEW)]); END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER webhook_member_updated AFTER UPDATE OF role, notifications_muted, muted_until ON room_members FOR EACH ROW
      WHEN (OLD.role IS DISTINCT FROM NEW.role OR OLD.notifications_muted IS DISTINCT FROM NEW.notifications_muted
        OR OLD.muted_until IS DISTINCT FROM NEW.muted_until)
      EXECUTE FUNCTION webhook_member_updated()`);

    await q.query(`CREATE FUNCTION webhook_room_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE event_type text := CASE TG_OP WHEN 'INSERT' THEN 'room.created' WHEN 'UPDATE' THEN 'room.updated' ELSE 'room.deleted' END;
      BEGIN
        IF webhook_wanted(event_type) THEN
          PERFORM webhook_enqueue(event_type, ARRAY[CASE TG_OP WHEN 'DELETE'
            THEN jsonb_build_object('room_id', OLD.id, 'external_id', (SELECT x.external_id FROM external_rooms x WHERE x.room_id = OLD.id))
            ELSE webhook_room(NEW) END]);
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NULL END;
      END $$`);
    await q.query(`CREATE TRIGGER webhook_room_created AFTER INSERT ON rooms FOR EACH ROW EXECUTE FUNCTION webhook_room_changed()`);
    await q.query(`CREATE TRIGGER webhook_room_updated AFTER UPDATE OF name, slug, description, room_type, visibility, meta, is_active, max_participants,
        posting, slow_mode_seconds, archived_at, retention_days
      ON rooms FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.slug IS DISTINCT FROM NEW.slug
        OR OLD.posting IS DISTINCT FROM NEW.posting OR OLD.slow_mode_seconds IS DISTINCT FROM NEW.slow_mode_seconds
        OR OLD.archived_at IS DISTINCT FROM NEW.archived_at OR OLD.retention_days IS DISTINCT FROM NEW.retention_days
        OR OLD.description IS DISTINCT FROM NEW.description OR OLD.room_type IS DISTINCT FROM NEW.room_type
        OR OLD.visibility IS DISTINCT FROM NEW.visibility OR OLD.meta IS DISTINCT FROM NEW.meta
        OR OLD.is_active IS DISTINCT FROM NEW.is_active OR OLD.max_participants IS DISTINCT FROM NEW.max_participants)
      EXECUTE FUNCTION webhook_room_changed()`);
    // BEFORE, so the room's external id is still there to report (the cascade removes it).
    await q.query(`CREATE TRIGGER webhook_room_deleted BEFORE DELETE ON rooms FOR EACH ROW EXECUTE FUNCTION webhook_room_changed()`);

    await q.query(`CREATE FUNCTION webhook_invitation_created() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF webhook_wanted('invitation.created') THEN
          PERFORM webhook_enqueue('invitation.created', ARRAY[jsonb_build_object('id', NEW.id, 'room_id', NEW.room_id,
            'room', (SELECT webhook_room(r) FROM rooms r WHERE r.id = NEW.room_id), 'invited_by', webhook_user(NEW.invited_by), 'invitee', webhook_user(NEW.invitee_id), 'status', NEW.status,
            'created_at', webhook_ts(NEW.created_at))]);
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER webhook_invitation_created AFTER INSERT ON invitations FOR EACH ROW EXECUTE FUNCTION webhook_invitation_created()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER webhook_invitation_created ON invitations`);
    await q.query(`DROP TRIGGER webhook_room_deleted ON rooms`);
    await q.query(`DROP TRIGGER webhook_room_updated ON rooms`);
    await q.query(`DROP TRIGGER webhook_room_created ON rooms`);
    await q.query(`DROP TRIGGER webhook_member_updated ON room_members`);
    await q.query(`DROP TRIGGER webhook_members_deleted ON room_members`);
    await q.query(`DROP TRIGGER webhook_members_inserted ON room_members`);
    await q.query(`DROP TRIGGER webhook_messages_updated ON messages`);
    await q.query(`DROP TRIGGER webhook_messages_inserted ON messages`);
    for (const fn of [
      'webhook_invitation_created()',
      'webhook_room_changed()',
      'webhook_member_updated()',
      'webhook_members_deleted()',
      'webhook_members_inserted()',
      'webhook_messages_updated()',
      'webhook_messages_inserted()',
      'webhook_room(rooms)',
      'webhook_member(room_members)',
      'webhook_message(messages)',
      'webhook_user(uuid)',
      'webhook_enqueue(text, jsonb[])',
      'webhook_wanted(text)',
      'webhook_ts(timestamptz)',
      'webhook_uuid7()',
    ]) {
      await q.query(`DROP FUNCTION ${fn}`);
    }
  }
}
