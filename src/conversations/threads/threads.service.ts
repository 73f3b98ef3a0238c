import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { RoomContext } from '../rooms/room-access.service';
import { DomainError } from '../../core/errors/domain-error';
import { MessageEvent } from '../../core/events/domain-events';
import { MessageViews } from '../messages/message-views';
import { MessagesRepository } from '../messages/store/messages.repository';
import { ThreadPageResponse } from './dto/thread-page.response';
import { ThreadQuery } from './dto/thread.query';
import { DomainEvents } from '../../core/events/domain-event-bus';
import { OnDomainEvent } from '../../core/events/domain-event-bus';
import { Policy } from '../../core/policy/policy';

const DEFAULT_LIMIT = 50;
const threadNotFound = () => new DomainError('message_not_found', 'Message not found, or not a thread root.');

/**
 * Threads read side. Replies are written by the send path (`thread_root_id`), whose
 * batch append also moves the root's counters; this tells the room about them.
 */
@Injectable()
export class ThreadsService {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly views: MessageViews,
    private readonly events: DomainEvents,
  ) {}

  async page(user: AuthUser, context: RoomContext, rootId: string, query: ThreadQuery, url: URL): Promise<ThreadPageResponse> {
    const root = await this.messages.findInRoom(context.room.id, rootId);
    if (!root || root.threadRootId || !Policy.can(user, 'message.read', { ...context, message: root })) throw threadNotFound();
    const limit = query.limit ?? DEFAULT_LIMIT;
    const { messages: rows, extras } = await this.messages.threadPage(rootId, user, { before: query.before, after: query.after, limit });
    const [rootView, ...results] = await this.views.many(user, [root, ...rows], extras);
    const olderExists = query.after !== undefined || rows.length === limit;
    const newerExists = query.after !== undefined ? rows.length === limit : query.before !== undefined;
    return {
      root: rootView,
      next: rows.length && olderExists ? link(url, 'before', rows[0].seq, limit) : null,
      previous: rows.length && newerExists ? link(url, 'after', rows[rows.length - 1].seq, limit) : null,
      results,
    };
  }

  /** A reply moved its root's counters (in the same statement, or approving it): the room gets the root as `message:updated`. */
  @OnDomainEvent('MessageCreated', { async: true, promisify: true })
  async replied({ roomId, message }: MessageEvent): Promise<void> {
    if (!message.thread_root_id || message.visibility !== 'visible') return;
    const [root] = await this.messages.findByIds([message.thread_root_id]);
    if (root) this.events.publish('MessageUpdated', { roomId, message: await this.views.forRoom(root) });
  }
}

function link(url: URL, key: 'before' | 'after', seq: number, limit: number): string {
  const next = new URL(url.toString());
  next.searchParams.delete('before');
  next.searchParams.delete('after');
  next.searchParams.set(key, String(seq));
  next.searchParams.set('limit', String(limit));
  return next.toString();
}
