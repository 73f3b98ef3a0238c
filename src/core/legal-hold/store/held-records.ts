/**
 * What a legal hold keeps, as SQL predicates over the tables of the layers above (rooms, messages),
 * spelled once here so retention, erasure and room deletion ask the same question in their own
 * statements (docs/compliance.md). Each probe is an index lookup: ix_legal_hold_rooms_room,
 * ix_legal_hold_users_user, ix_legal_hold_messages_message, then pk_legal_holds for the release.
 * A hold on a whole organization (`organization_wide`) is one more EXISTS in each, served by
 * ix_legal_holds_organization_wide.
 */

/** An unreleased hold on the whole organization whose id is the SQL expression `organizationId`. */
const organizationHeld = (organizationId: string): string => `EXISTS (SELECT 1 FROM legal_holds ho
                   WHERE ho.organization_id = ${organizationId} AND ho.organization_wide AND ho.released_at IS NULL)`;

/** The room aliased `r` has a hold that is not released, its own or its organization's. */
export const ROOM_HELD = `(EXISTS (SELECT 1 FROM legal_hold_rooms hr JOIN legal_holds h ON h.id = hr.hold_id
                   WHERE hr.room_id = r.id AND h.released_at IS NULL)
     OR ${organizationHeld('r.organization_id')})`;

/**
 * The message aliased `alias` is held: its room is held, its sender is held, a hold pinned it
 * when its held sender was deleted, or its room's organization is held (read through the room:
 * the callers' aliases carry `room_id`).
 */
export const messageHeld = (alias: string): string => `(EXISTS (SELECT 1 FROM legal_hold_rooms hr JOIN legal_holds h ON h.id = hr.hold_id
                    WHERE hr.room_id = ${alias}.room_id AND h.released_at IS NULL)
     OR EXISTS (SELECT 1 FROM legal_hold_users hu JOIN legal_holds h ON h.id = hu.hold_id
                 WHERE hu.user_id = ${alias}.sender_id AND h.released_at IS NULL)
     OR EXISTS (SELECT 1 FROM legal_hold_messages hm JOIN legal_holds h ON h.id = hm.hold_id
                 WHERE hm.message_id = ${alias}.id AND h.released_at IS NULL)
     OR EXISTS (SELECT 1 FROM rooms hro WHERE hro.id = ${alias}.room_id AND ${organizationHeld('hro.organization_id')}))`;

/**
 * Pins the messages of the user `$1` for every unreleased hold on them, with their id as the
 * sender, before the user's deletion turns the messages' sender to NULL.
 */
export const PIN_HELD_SENDER_MESSAGES = `INSERT INTO legal_hold_messages (hold_id, message_id, sender_id)
  SELECT hu.hold_id, m.id, m.sender_id
    FROM legal_hold_users hu JOIN legal_holds h ON h.id = hu.hold_id AND h.released_at IS NULL
    JOIN messages m ON m.sender_id = hu.user_id
   WHERE hu.user_id = $1
  ON CONFLICT DO NOTHING`;
