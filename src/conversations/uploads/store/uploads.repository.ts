import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PreparedStatements } from '../../../core/database/prepared-statements';
import { queryRows } from '../../../core/database/query-rows';
import { Upload } from './entities/upload.entity';

type Row = Record<string, unknown>;

const COLUMNS = `u.id, u.uploader_id, u.message_id, u.position, u.name, u.content_type, u.size, u.width, u.height,
  u.storage_key, u.thumbnail_key, u.created_at, u.attached_at`;

/**
 * A message's attachments as one JSON array, in attachment order, for reading them in the
 * message's own row (ix_uploads_message): the fields UploadResponse needs, created_at already in
 * the wire format. `toUploadResponseFromJson` maps each element.
 */
/** An element of `attachmentsJson`: an upload's wire fields, with whether it has a thumbnail instead of its links. */
export interface UploadJson {
  id: string;
  name: string;
  content_type: string;
  size: number;
  width: number | null;
  height: number | null;
  thumbnail: boolean;
  created_at: string;
}

export const attachmentsJson = (message: string) => `(
  SELECT json_agg(json_build_object('id', a.id, 'name', a.name, 'content_type', a.content_type, 'size', a.size,
           'width', a.width, 'height', a.height, 'thumbnail', a.thumbnail_key IS NOT NULL,
           'created_at', to_char(a.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')) ORDER BY a.position)
    FROM uploads a WHERE a.message_id = ${message}.id)`;

function toUpload(r: Row): Upload {
  return Object.assign(new Upload(), {
    id: r.id,
    uploaderId: r.uploader_id,
    messageId: r.message_id,
    position: r.position,
    name: r.name,
    contentType: r.content_type,
    size: Number(r.size),
    width: r.width,
    height: r.height,
    storageKey: r.storage_key,
    thumbnailKey: r.thumbnail_key,
    createdAt: r.created_at,
    attachedAt: r.attached_at,
  });
}

/** An upload with where it is attached: the room to check access against, and whether that message is deleted. */
export interface LocatedUpload {
  upload: Upload;
  roomId: string | null;
  messageDeleted: boolean;
}

@Injectable()
export class UploadsRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reads: PreparedStatements,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async insert(upload: Upload): Promise<Upload> {
    return this.dataSource.getRepository(Upload).save(upload);
  }

  async locate(id: string): Promise<LocatedUpload | null> {
    const [row] = await queryRows<Row>(
      this.dataSource,
      `SELECT ${COLUMNS}, m.room_id, m.deleted_at AS message_deleted_at
         FROM uploads u LEFT JOIN messages m ON m.id = u.message_id WHERE u.id = $1`,
      [id],
    );
    if (!row) return null;
    return { upload: toUpload(row), roomId: (row.room_id as string) ?? null, messageDeleted: row.message_deleted_at != null };
  }

  /** The attachments of any number of messages in one indexed query, in attachment order. */
  async ofMessages(messageIds: string[]): Promise<Upload[]> {
    if (messageIds.length === 0) return [];
    // A named prepared statement, like the history page it completes (PostgreSQL plans it once per connection).
    const rows = await this.reads.rows<Row>(
      `SELECT ${COLUMNS} FROM uploads u WHERE u.message_id = ANY($1::uuid[]) ORDER BY u.message_id, u.position`,
      [messageIds],
    );
    return rows.map(toUpload);
  }

  /** Attaches those of `ids` that are the uploader's and were never attached; answers them in `ids` order. */
  async attach(manager: EntityManager, uploaderId: string, messageId: string, ids: string[]): Promise<Upload[]> {
    const rows = await queryRows<Row>(
      manager,
      `UPDATE uploads u SET message_id = $2, position = x.ord, attached_at = now()
         FROM unnest($3::uuid[]) WITH ORDINALITY AS x(id, ord)
        WHERE u.id = x.id AND u.uploader_id = $1 AND u.message_id IS NULL AND u.attached_at IS NULL
        RETURNING ${COLUMNS}`,
      [uploaderId, messageId, ids],
    );
    return rows.map(toUpload).sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  }

  /** Which of `ids` exist at all (to tell an unknown id from someone else's or an attached one). */
  async existing(manager: EntityManager, ids: string[]): Promise<Set<string>> {
    const rows = await queryRows<{ id: string }>(manager, `SELECT id FROM uploads WHERE id = ANY($1::uuid[])`, [ids]);
    return new Set(rows.map((r) => r.id));
  }

  /** Detaches a message's files (its deletion); they become due for the cleanup at once. */
  async detachFrom(manager: EntityManager, messageId: string): Promise<string[]> {
    const rows = await queryRows<{ id: string }>(manager, `UPDATE uploads SET message_id = NULL WHERE message_id = $1 RETURNING id`, [messageId]);
    return rows.map((r) => r.id);
  }

  /**
   * Locks up to `limit` uploads due for removal: detached from a message, or
   * never attached and older than `cutoff`, optionally only among `ids`. Rows
   * another node holds are skipped, so any number of nodes may run the cleanup.
   */
  async claimDue(manager: EntityManager, cutoff: Date, limit: number, ids?: string[]): Promise<Upload[]> {
    const rows = await queryRows<Row>(
      manager,
      `SELECT ${COLUMNS} FROM uploads u
        WHERE u.message_id IS NULL AND (u.attached_at IS NOT NULL OR u.created_at < $1)
          ${ids ? 'AND u.id = ANY($3::uuid[])' : ''}
        ORDER BY u.created_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
      ids ? [cutoff, limit, ids] : [cutoff, limit],
    );
    return rows.map(toUpload);
  }

  async deleteRows(manager: EntityManager, ids: string[]): Promise<void> {
    await manager.query(`DELETE FROM uploads WHERE id = ANY($1::uuid[])`, [ids]);
  }
}
