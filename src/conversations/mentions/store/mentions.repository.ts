import { Injectable } from '@nestjs/common';
import { PreparedStatements } from '../../../core/database/prepared-statements';
import type { TimeKey } from '../../../core/pagination/opaque-cursor';
import { MessageReader, readerParams, seenBy } from '../../messages/store/message-visibility';

@Injectable()
export class MentionsRepository {
  constructor(private readonly reads: PreparedStatements) {}

  /**
   * The messages mentioning a user in rooms they are still a member of, newest first,
   * after the keyset `(created_at, message_id)` (ix_message_mentions_recent); deleted ones and those the user
   * does not see (`seenBy`: held or shadowed) left out.
   */
  async recent(reader: MessageReader, after: TimeKey | null, limit: number): Promise<TimeKey[]> {
    const [userId, admin] = readerParams(reader);
    const rows = await this.reads.rows<{ at: string; message_id: string }>(
      `SELECT mm.created_at::text AS at, mm.message_id
         FROM message_mentions mm
         JOIN room_members rm ON rm.room_id = mm.room_id AND rm.user_id = mm.user_id
         JOIN messages m ON m.id = mm.message_id AND m.deleted_at IS NULL
        WHERE mm.user_id = $1 AND ($2::timestamptz IS NULL OR (mm.created_at, mm.message_id) < ($2::timestamptz, $3::uuid))
          AND ${seenBy('m', '$1', '$5')}
        ORDER BY mm.created_at DESC, mm.message_id DESC LIMIT $4`,
      [userId, after?.at ?? null, after?.id ?? null, limit, admin],
    );
    return rows.map((r) => ({ at: r.at, id: r.message_id }));
  }
}
