import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../core/audit/audit-log';
import { AuthUser } from '../../core/auth/auth-user';
import { DomainError } from '../../core/errors/domain-error';
import { buildPage, Page, resolveWindow } from '../../core/pagination/page';
import { PageQueryDto } from '../../core/pagination/page-query.dto';
import { PresenceStore } from '../../identity/presence/presence.store';
import { toUserResponse } from '../../identity/users/dto/user.response';
import { BanResponse } from './dto/ban.response';
import { RoomContext } from './room-access.service';
import { RoomsRepository } from './store/rooms.repository';

const notBanned = () => new DomainError('not_found', 'This user is not banned from the room.');

/** A ban ends only here: adding, inviting or an invitation never lifts it. */
@Injectable()
export class BansService {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly presence: PresenceStore,
    private readonly audit: AuditLog,
  ) {}

  /** `room`: checked for owner/admin by the route's guard. */
  async list(user: AuthUser, { room }: RoomContext, query: PageQueryDto, url: URL): Promise<Page<BanResponse>> {
    const roomId = room.id;
    const count = await this.rooms.countBans(roomId);
    const window = resolveWindow(query, count);
    const bans = await this.rooms.bansPage(roomId, window.offset, window.pageSize);
    const online = await this.presence.onlineAmong(bans.map((b) => b.userId));
    return buildPage(
      url,
      window,
      count,
      bans.map((b) => ({
        user: toUserResponse(b.user!, user, online.has(b.userId)),
        banned_by: b.bannedBy,
        created_at: b.createdAt.toISOString(),
      })),
    );
  }

  /** Lifts the ban and records it in the audit log, in one transaction. */
  async unban(user: AuthUser, { room }: RoomContext, targetId: string): Promise<void> {
    await this.rooms.transaction(async (manager) => {
      const lifted = await this.rooms.unban(manager, room.id, targetId);
      if (!lifted) throw notBanned();
      await this.audit.record(manager, {
        actor: user,
        action: 'member.unbanned',
        room,
        target: { type: 'user', id: targetId, name: lifted.username },
      });
    });
  }
}
