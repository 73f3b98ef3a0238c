import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../core/audit/audit-log';
import { AuditPageResponse, AuditQuery, toAuditEntryResponse } from '../../core/audit/dto/audit-entry.response';
import { AuthUser } from '../../core/auth/auth-user';
import { RoomContext } from '../rooms/room-access.service';
import { Policy } from '../../core/policy/policy';

const DEFAULT_LIMIT = 50;

/** Reading the audit log: a room's to its owners and admins, all of it to global admins. */
@Injectable()
export class AuditService {
  constructor(private readonly log: AuditLog) {}

  room({ room }: RoomContext, query: AuditQuery, url: URL): Promise<AuditPageResponse> {
    return this.page(room.id, query, url);
  }

  async all(user: AuthUser, query: AuditQuery & { room_id?: string }, url: URL): Promise<AuditPageResponse> {
    Policy.require(user, 'audit.read');
    return this.page(query.room_id ?? null, query, url);
  }

  private async page(roomId: string | null, query: AuditQuery, url: URL): Promise<AuditPageResponse> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.log.page(roomId, query.before, limit);
    let next: string | null = null;
    if (rows.length === limit) {
      const link = new URL(url.toString());
      link.searchParams.set('before', rows[rows.length - 1].id);
      next = link.toString();
    }
    return { next, results: rows.map(toAuditEntryResponse) };
  }
}
