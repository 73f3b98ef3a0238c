import { Injectable, Logger } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';
import { DomainError } from '../common/errors/domain-error';
import { buildPage, Page, resolveWindow } from '../common/pagination/page';
import { PageQueryDto } from '../common/pagination/page-query.dto';
import { PresenceStore } from '../presence/presence.store';
import { toUserResponse } from '../users/dto/user.response';
import { BanResponse } from './dto/ban.response';
import { RoomAccess } from './room-access.service';
import { RoomsRepository } from './rooms.repository';

const notBanned = () => new DomainError('not_found', 'This user is not banned from the room.');

/** A ban ends only here: adding, inviting or an invitation never lifts it. */
@Injectable()
export class BansService {
  /** Unbans are moderation events: one structured line each, until the audit log records them. */
  private readonly audit = new Logger('Audit');

  constructor(
    private readonly rooms: RoomsRepository,
    private readonly access: RoomAccess,
    private readonly presence: PresenceStore,
  ) {}

  async list(user: AuthUser, roomId: string, query: PageQueryDto, url: URL): Promise<Page<BanResponse>> {
    await this.access.requireRole(user, roomId, 'admin');
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

  async unban(user: AuthUser, roomId: string, targetId: string): Promise<void> {
    await this.access.requireRole(user, roomId, 'admin');
    if (!(await this.rooms.unban(roomId, targetId))) throw notBanned();
    this.audit.log({ event: 'room.unbanned', room_id: roomId, user_id: targetId, actor_id: user.id }, 'room ban lifted');
  }
}
