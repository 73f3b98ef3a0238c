import type { SnapshotSection } from '../../data-export/store/export-reader';

/**
 * What a compliance export holds, one file per section (docs/compliance.md). A user's data export
 * (../../data-export/store/export-sections.ts) selects by one user's columns; these select by the
 * export's scope, the messages it covers: `$1` rooms, `$2` senders (also the held senders of
 * messages whose sender was deleted, pinned by a legal hold), `$3`/`$4` the range of `created_at`
 * (from inclusive, until exclusive, either NULL), `$5` the organization exported whole (its
 * every room) or NULL. Every section is read through the same snapshot
 * (ExportReader.snapshot) with those five parameters. `columns` is the CSV header and the order of
 * each row's fields; the statement answers exactly those columns.
 */
export interface ComplianceSection extends SnapshotSection {
  columns: readonly string[];
  /** Read only to stream the attachment files into the archive, not written as a file of its own. */
  internal?: true;
}

/** The messages in scope, aliased `m` (ix on (room_id, seq) and on sender_id serve the two arms; pk_rooms the organization's). */
const IN_SCOPE = `(m.room_id = ANY($1::uuid[]) OR m.sender_id = ANY($2::uuid[])
       OR ($5::uuid IS NOT NULL AND EXISTS (SELECT 1 FROM rooms ro WHERE ro.id = m.room_id AND ro.organization_id = $5::uuid))
       OR (cardinality($2::uuid[]) > 0 AND EXISTS (SELECT 1 FROM legal_hold_messages hm WHERE hm.message_id = m.id AND hm.sender_id = ANY($2::uuid[]))))
   AND ($3::timestamptz IS NULL OR m.created_at >= $3) AND ($4::timestamptz IS NULL OR m.created_at < $4)`;

/** The sender, or the sender a legal hold recorded before the user was deleted. */
const SENDER = `coalesce(m.sender_id, (SELECT hm.sender_id FROM legal_hold_messages hm WHERE hm.message_id = m.id LIMIT 1))`;

export const COMPLIANCE_SECTIONS: readonly ComplianceSection[] = [
  {
    // A deleted message is a tombstone (empty content, deleted_at); its original is the last of its revisions.
    // `visibility`: held for review or shadowed messages are evidence too, marked as such (docs/compliance.md).
    name: 'messages',
    columns: [
      'id',
      'room_id',
      'seq',
      'sender_id',
      'type',
      'content',
      'meta',
      'reply_to_id',
      'thread_root_id',
      'created_at',
      'edited_at',
      'deleted_at',
      'visibility',
    ],
    sql: `SELECT m.id, m.room_id, m.seq, ${SENDER} AS sender_id, m.type, m.content, m.meta, m.reply_to_id, m.thread_root_id,
                 m.created_at, m.edited_at, m.deleted_at, m.visibility
            FROM messages m WHERE ${IN_SCOPE} ORDER BY m.room_id, m.seq`,
  },
  {
    name: 'revisions',
    columns: ['message_id', 'room_id', 'version', 'content', 'meta', 'written_at', 'replaced_at', 'replaced_by'],
    sql: `SELECT r.message_id, m.room_id, r.version, r.content, r.meta, r.written_at, r.replaced_at, r.replaced_by
            FROM messages m JOIN message_revisions r ON r.message_id = m.id WHERE ${IN_SCOPE} ORDER BY m.room_id, m.seq, r.version`,
  },
  {
    name: 'reactions',
    columns: ['message_id', 'room_id', 'user_id', 'emoji', 'created_at'],
    sql: `SELECT x.message_id, m.room_id, x.user_id, x.emoji, x.created_at
            FROM messages m JOIN message_reactions x ON x.message_id = m.id WHERE ${IN_SCOPE} ORDER BY m.room_id, m.seq, x.created_at, x.user_id, x.emoji`,
  },
  {
    // `file` is the attachment's path inside the archive, where it is when the export includes files.
    name: 'attachments',
    columns: ['id', 'message_id', 'room_id', 'uploader_id', 'name', 'content_type', 'size', 'width', 'height', 'created_at', 'attached_at', 'file'],
    sql: `SELECT u.id, u.message_id, m.room_id, u.uploader_id, u.name, u.content_type, u.size::float8 AS size, u.width, u.height,
                 u.created_at, u.attached_at, 'files/' || u.id::text AS file
            FROM messages m JOIN uploads u ON u.message_id = m.id WHERE ${IN_SCOPE} ORDER BY m.room_id, m.seq, u.position, u.id`,
  },
  {
    name: 'files',
    internal: true,
    columns: ['id', 'storage_key', 'content_type'],
    sql: `SELECT u.id, u.storage_key, u.content_type
            FROM messages m JOIN uploads u ON u.message_id = m.id WHERE ${IN_SCOPE} ORDER BY m.room_id, m.seq, u.position, u.id`,
  },
];
