import { MigrationInterface, QueryRunner } from 'typeorm';

const WEBHOOK_USER = `CREATE FUNCTION webhook_user(uid uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT coalesce((SELECT jsonb_build_object('id', u.id, 'username', u.username, 'display_name', u.display_name,
    'first_name', u.first_name, 'last_name', u.last_name, 'user_type', u.user_type, 'role', u.role,
    'last_seen_at', webhook_ts(u.last_seen_at), 'created_at', webhook_ts(u.created_at)) FROM users u WHERE u.id = uid),
    jsonb_build_object('id', uid))
$$`;
const WEBHOOK_MEMBER = `CREATE FUNCTION webhook_member(m room_members) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('room_id', m.room_id, 'member', jsonb_build_object('user', webhook_user(m.user_id), 'role', m.role,
    'joined_at', webhook_ts(m.joined_at), 'last_read_seq', m.last_read_seq, 'notifications_muted', m.notifications_muted,
    'muted_until', webhook_ts(m.muted_until)))
$$`;
const WEBHOOK_ROOM = `CREATE FUNCTION webhook_room(r rooms) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object('id', r.id, 'name', r.name, 'slug', r.slug, 'description', r.description, 'room_type', r.room_type,
    'visibility', r.visibility, 'meta', r.meta, 'is_active', r.is_active, 'max_participants', r.max_participants,
    'created_by', r.created_by, 'created_at', webhook_ts(r.created_at), 'updated_at', webhook_ts(r.updated_at),
    'last_message_at', webhook_ts(r.last_message_at), 'participant_count', r.participant_count, 'message_count', r.message_count,
    'posting', r.posting, 'slow_mode_seconds', r.slow_mode_seconds, 'archived_at', webhook_ts(r.archived_at), 'retention_days', r.retention_days,
    'external_id', (SELECT x.external_id FROM external_rooms x WHERE x.room_id = r.id))
$$`;
const WEBHOOK_ENQUEUE = `CREATE FUNCTION webhook_enqueue(event_type text, items jsonb[]) RETURNS void LANGUAGE sql AS $$
  INSERT INTO webhook_deliveries (id, endpoint_id, event_type, payload)
  SELECT webhook_uuid7(), e.id, event_type, jsonb_build_object('type', event_type, 'timestamp', webhook_ts(clock_timestamp()), 'data', d)
    FROM unnest(items) AS d CROSS JOIN webhook_endpoints e
   WHERE e.enabled AND (cardinality(e.event_types) = 0 OR event_type = ANY (e.event_types))
$$`;

/** The trigger functions' bodies; `record` is what each one writes for a row. */
function triggerFunctions(record: { member: (row: string) => string; room: string; roomDeleted: string; invitation: string; call: string }) {
  const { member, call } = record;
  return [
    `CREATE OR REPLACE FUNCTION webhook_members_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF webhook_wanted('member.joined') THEN PERFORM ${call}('member.joined', ARRAY(SELECT ${member('n')} FROM new_rows n)); END IF;
        RETURN NULL;
      END $$`,
    `CREATE OR REPLACE FUNCTION webhook_members_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF webhook_wanted('member.left') THEN
          PERFORM ${call}('member.left', ARRAY(SELECT ${member('o')} FROM old_rows o WHERE EXISTS (SELECT 1 FROM rooms r WHERE r.id = o.room_id)));
        END IF;
        RETURN NULL;
      END $$`,
    `CREATE OR REPLACE FUNCTION webhook_member_updated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF webhook_wanted('member.updated') THEN PERFORM ${call}('member.updated', ARRAY[${member('NEW')}]); END IF;
        RETURN NULL;
      END $$`,
    `CREATE OR REPLACE FUNCTION webhook_room_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE event_type text := CASE TG_OP WHEN 'INSERT' THEN 'room.created' WHEN 'UPDATE' THEN 'room.updated' ELSE 'room.deleted' END;
      BEGIN
        IF webhook_wanted(event_type) THEN
          PERFORM ${call}(event_type, ARRAY[CASE TG_OP WHEN 'DELETE' THEN ${record.roomDeleted} ELSE ${record.room} END]);
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NULL END;
      END $$`,
    `CREATE OR REPLACE FUNCTION webhook_invitation_created() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF webhook_wanted('invitation.created') THEN PERFORM ${call}('invitation.created', ARRAY[${record.invitation}]); END IF;
        RETURN NULL;
      END $$`,
  ];
}

// The deleted room's external id is still there to record: webhook_room_deleted runs BEFORE the delete and its cascade.
const ROOM_DELETED = `jsonb_build_object('room_id', OLD.id, 'external_id', (SELECT x.external_id FROM external_rooms x WHERE x.room_id = OLD.id))`;

/**
 * The last webhook bodies built in SQL go: member, room and invitation events,
 * like message events before them (WebhookMessagesRenderedInApp), record what
 * they are about in `subject`, still written by the triggers in the
 * transaction that made the change, and the worker renders `data` at the first
 * attempt with the views the socket payloads use (WebhookPayloads):
 * - member events record the membership row as it was at the event
 *   (`{member}`), since a member who left has no row left to read;
 * - room.created / room.updated record `{room_id}`; room.deleted
 *   `{room_id, external_id}` (the room and its external id are gone after it);
 * - invitation.created records `{invitation_id}`.
 * webhook_user(), webhook_member(), webhook_room() and webhook_enqueue() are
 * dropped. Rows written before keep their payload and are sent as they are.
 */
export class WebhookEventsRenderedInApp1796700000001 implements MigrationInterface {
  name = 'WebhookEventsRenderedInApp1796700000001';

  public async up(q: QueryRunner): Promise<void> {
    const statements = triggerFunctions({
      call: 'webhook_record',
      member: (row) => `jsonb_build_object('member', to_jsonb(${row}))`,
      room: `jsonb_build_object('room_id', NEW.id)`,
      roomDeleted: ROOM_DELETED,
      invitation: `jsonb_build_object('invitation_id', NEW.id)`,
    });
    for (const sql of statements) await q.query(sql);
    for (const fn of ['webhook_room(rooms)', 'webhook_member(room_members)', 'webhook_user(uuid)', 'webhook_enqueue(text, jsonb[])']) {
      await q.query(`DROP FUNCTION ${fn}`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const sql of [WEBHOOK_ENQUEUE, WEBHOOK_USER, WEBHOOK_MEMBER, WEBHOOK_ROOM]) await q.query(sql);
    const statements = triggerFunctions({
      call: 'webhook_enqueue',
      member: (row) => `webhook_member(${row})`,
      room: `webhook_room(NEW)`,
      roomDeleted: ROOM_DELETED,
      invitation: `jsonb_build_object('id', NEW.id, 'room_id', NEW.room_id,
            'room', (SELECT webhook_room(r) FROM rooms r WHERE r.id = NEW.room_id), 'invited_by', webhook_user(NEW.invited_by),
            'invitee', webhook_user(NEW.invitee_id), 'status', NEW.status, 'created_at', webhook_ts(NEW.created_at))`,
    });
    for (const sql of statements) await q.query(sql);
    // The code before this migration renders message rows only.
    await q.query(`DELETE FROM webhook_deliveries WHERE payload IS NULL AND event_type NOT LIKE 'message.%'`);
  }
}
