import { Injectable } from '@nestjs/common';
import { isGlobalAdmin, isSupportAgent } from '../../../core/policy/actor-rules';
import type { AuthUser } from '../../../core/auth/auth-user';
import type { TimeKey } from '../../../core/pagination/opaque-cursor';
import { AppConfig } from '../../../core/config/app-config.service';
import { ReadReplicas } from '../../../core/database/read-replicas';
import { parseTextQuery, searchMatchIds, tsquerySql } from '../../../core/database/text-search';
import { seenBy } from '../../messages/store/message-visibility';

export interface SearchHitRow {
  key: TimeKey;
  room: { id: string; name: string | null; room_type: string; visibility: string };
}

@Injectable()
export class SearchRepository {
  constructor(
    private readonly reads: ReadReplicas,
    private readonly config: AppConfig,
  ) {}

  /**
   * Matches in every room the user may read, newest first, after the keyset
   * `(created_at, id)`. The room filter is the policy's 'room.read' spelled in SQL (a
   * cross-room query cannot ask it room by room): member, public room, SUPPORT
   * room for a support agent, or a global admin; and in them the messages the user sees (`seenBy`).
   * The matches come from the GIN index through `searchMatchIds` (a plain `@@` here would read
   * every message under row-level security).
   */
  async search(user: Pick<AuthUser, 'id' | 'role' | 'userType'>, q: string, after: TimeKey | null, limit: number): Promise<SearchHitRow[]> {
    const language = this.config.get('SEARCH_LANGUAGE');
    const tsquery = tsquerySql(language, parseTextQuery(q), 7);
    // A read replica's when one is fresh enough (DATABASE_REPLICA_MAX_LAG_MS; the reader's own writes always in).
    const rows = await this.reads.rows<{ at: string; id: string; room_id: string; name: string | null; room_type: string; visibility: string }>(
      `SELECT m.created_at::text AS at, m.id, r.id AS room_id, r.name, r.room_type, r.visibility
         FROM messages m JOIN rooms r ON r.id = m.room_id
        WHERE m.id IN (${searchMatchIds(language, tsquery.sql)}) AND m.deleted_at IS NULL
          AND ($2::timestamptz IS NULL OR (m.created_at, m.id) < ($2::timestamptz, $3::uuid))
          AND ($4 OR r.visibility = 'public' OR (r.room_type = 'SUPPORT' AND $5)
               OR EXISTS (SELECT 1 FROM room_members rm WHERE rm.room_id = m.room_id AND rm.user_id = $1))
          AND ${seenBy('m', '$1', '$4')}
        ORDER BY m.created_at DESC, m.id DESC LIMIT $6`,
      [user.id, after?.at ?? null, after?.id ?? null, isGlobalAdmin(user), isSupportAgent(user), limit, ...tsquery.params],
      user.id,
    );
    return rows.map((r) => ({
      key: { at: r.at, id: r.id },
      room: { id: r.room_id, name: r.name, room_type: r.room_type, visibility: r.visibility },
    }));
  }
}
