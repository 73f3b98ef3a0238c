import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { MemberContext, RoomContext } from '../rooms/room-access.service';
import { Policy } from '../../core/policy/policy';
import { DomainError } from '../../core/errors/domain-error';
import { UserLimits } from '../../core/throttling/user-limits';
import { decodeTimeKey, nextLink } from '../../core/pagination/opaque-cursor';
import { MessageViews } from '../messages/message-views';
import { TimeCursorQuery as ReactorPageQuery } from '../../core/pagination/time-cursor.query';
import { ReactionResponse, ReactorPageResponse } from './dto/reaction.response';
import { LockedMessage, ReactionsRepository } from './store/reactions.repository';
import { messageNotFound } from '../../core/errors/errors';
import { DomainEvents } from '../../core/events/domain-event-bus';

export const MAX_DISTINCT_REACTIONS = 50;
const DEFAULT_LIMIT = 50;

/** Reactions on messages: members add and remove their own (not in an archived room), readers list who reacted (RoomAccessGuard checked the room). */
@Injectable()
export class ReactionsService {
  constructor(
    private readonly reactions: ReactionsRepository,
    private readonly views: MessageViews,
    private readonly events: DomainEvents,
    private readonly limits: UserLimits,
  ) {}

  /** Idempotent: reacting again changes nothing and tells nobody. */
  async add(user: AuthUser, context: MemberContext, messageId: string, emoji: string): Promise<ReactionResponse> {
    const { room } = context;
    const roomId = room.id;
    Policy.require(user, 'room.change', { room });
    await this.limits.consume('reaction', user.id);
    const { added, count } = await this.reactions.transaction(async (manager) => {
      const message = seen(user, context, await this.reactions.lockMessage(manager, roomId, messageId));
      if (message.deleted) throw new DomainError('conflict', 'A deleted message cannot be reacted to.');
      // Reactions are told to the room: none on a message it does not see.
      if (message.visibility !== 'visible') throw new DomainError('conflict', 'A message awaiting review cannot be reacted to.');
      const known = message.reactions.some((r) => r.emoji === emoji);
      if (!known && message.reactions.length >= MAX_DISTINCT_REACTIONS) {
        throw new DomainError('reaction_limit', `A message carries at most ${MAX_DISTINCT_REACTIONS} distinct reactions.`);
      }
      const inserted = await this.reactions.insert(manager, messageId, emoji, user.id);
      const counts = inserted ? await this.reactions.recount(manager, messageId) : message.reactions;
      return { added: inserted, count: counts.find((r) => r.emoji === emoji)?.count ?? 0 };
    });
    if (added) this.events.publish('ReactionAdded', { roomId, messageId, emoji, userId: user.id, count });
    return { message_id: messageId, emoji, count, me: true };
  }

  /** Idempotent: removing a reaction that is not there changes nothing. */
  async remove(user: AuthUser, context: MemberContext, messageId: string, emoji: string): Promise<void> {
    const { room } = context;
    const roomId = room.id;
    Policy.require(user, 'room.change', { room });
    await this.limits.consume('reaction', user.id);
    const { removed, count } = await this.reactions.transaction(async (manager) => {
      seen(user, context, await this.reactions.lockMessage(manager, roomId, messageId));
      if (!(await this.reactions.delete(manager, messageId, emoji, user.id))) return { removed: false, count: 0 };
      const counts = await this.reactions.recount(manager, messageId);
      return { removed: true, count: counts.find((r) => r.emoji === emoji)?.count ?? 0 };
    });
    if (removed) this.events.publish('ReactionRemoved', { roomId, messageId, emoji, userId: user.id, count });
  }

  /** Who reacted with `emoji`, in order of reacting (readers of the room). */
  async reactors(
    user: AuthUser,
    context: RoomContext,
    messageId: string,
    emoji: string,
    query: ReactorPageQuery,
    url: URL,
  ): Promise<ReactorPageResponse> {
    seen(user, context, await this.reactions.findMessage(context.room.id, messageId));
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.reactions.reactors(messageId, emoji, query.cursor ? decodeTimeKey(query.cursor) : null, limit);
    const users = await this.views.users(
      user,
      rows.map((r) => r.user),
    );
    return {
      next: rows.length === limit ? nextLink(url, rows[rows.length - 1].key) : null,
      results: rows.map((r, i) => ({ user: users[i], reacted_at: r.at.toISOString() })),
    };
  }
}

/** The message, when the caller sees it (the policy's `message.read`); else 404. */
function seen(user: AuthUser, context: RoomContext, message: LockedMessage | null): LockedMessage {
  if (!message || !Policy.can(user, 'message.read', { ...context, message })) throw messageNotFound();
  return message;
}
