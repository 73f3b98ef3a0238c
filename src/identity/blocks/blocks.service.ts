import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { buildPage, Page, resolveWindow } from '../../core/pagination/page';
import { PageQueryDto } from '../../core/pagination/page-query.dto';
import { toUserResponse } from '../users/dto/user.response';
import { UsersService } from '../users/users.service';
import { BlocksRepository } from './store/blocks.repository';
import { BlockResponse } from './dto/block.response';
import { blockedError } from '../../core/errors/errors';

/**
 * Users protecting themselves. A block stops direct rooms between the two (new
 * ones here, sends in existing ones in the send statement); and the blocked user
 * cannot put the blocker anywhere (a new room's participants, added members,
 * invitations) nor reach them by mention (the send statement drops such mentions,
 * @room and @here included). The blocked user learns nothing of it beyond those
 * refusals: no event, no listing.
 */
@Injectable()
export class BlocksService {
  constructor(
    private readonly blocks: BlocksRepository,
    private readonly users: UsersService,
  ) {}

  async block(user: AuthUser, targetId: string): Promise<{ created: boolean }> {
    if (targetId === user.id) throw FieldValidationError.of('user_id', 'You cannot block yourself.');
    await this.users.require(targetId);
    return { created: await this.blocks.add(user.id, targetId) };
  }

  async unblock(user: AuthUser, targetId: string): Promise<void> {
    await this.blocks.remove(user.id, targetId);
  }

  async list(user: AuthUser, query: PageQueryDto, url: URL): Promise<Page<BlockResponse>> {
    const count = await this.blocks.count(user.id);
    const window = resolveWindow(query, count);
    const rows = await this.blocks.page(user.id, window.offset, window.pageSize);
    const results = rows.map((r) => ({ user: toUserResponse(r.user, user, false), blocked_at: r.blockedAt.toISOString() }));
    return buildPage(url, window, count, results);
  }

  /** For putting users in a room (participants, members, invitations): refused when one of them has blocked the actor. */
  async requireNotBlockedBy(actorId: string, userIds: string[]): Promise<void> {
    if ((await this.blocks.blockersAmong(actorId, userIds)).length > 0) {
      throw new DomainError('blocked', 'You cannot add or invite a user who has blocked you.');
    }
  }

  /** For opening a direct room: refused when either blocked the other. */
  async requireNotBlocked(a: string, b: string): Promise<void> {
    if (await this.blocks.eitherWay(a, b)) throw blockedError();
  }
}
