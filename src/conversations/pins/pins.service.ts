import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { RoomContext } from '../rooms/room-access.service';
import { DomainError } from '../../core/errors/domain-error';
import { decodeTimeKey, nextLink } from '../../core/pagination/opaque-cursor';
import { MessageResponse } from '../messages/dto/message.response';
import { MessageViews } from '../messages/message-views';
import { MessagesRepository } from '../messages/store/messages.repository';
import { TimeCursorQuery as PinPageQuery } from '../../core/pagination/time-cursor.query';
import { PinPageResponse } from './dto/pin-page.response';
import { PinsRepository } from './store/pins.repository';
import { messageNotFound } from '../../core/errors/errors';
import { DomainEvents } from '../../core/events/domain-event-bus';

export const MAX_PINS_PER_ROOM = 50;

/** Owners and admins pin; readers list (RoomAccessGuard checked the room). A pin change reaches the room as `message:updated`. */
@Injectable()
export class PinsService {
  constructor(
    private readonly pins: PinsRepository,
    private readonly messages: MessagesRepository,
    private readonly views: MessageViews,
    private readonly events: DomainEvents,
  ) {}

  /** Idempotent: pinning a pinned message answers it unchanged and tells nobody. */
  async pin(user: AuthUser, { room }: RoomContext, messageId: string): Promise<MessageResponse> {
    const roomId = room.id;
    const outcome = await this.pins.pin(roomId, messageId, user.id, MAX_PINS_PER_ROOM);
    if (outcome === 'missing') throw messageNotFound();
    if (outcome === 'deleted') throw new DomainError('conflict', 'A deleted message cannot be pinned.');
    if (outcome === 'hidden') throw new DomainError('conflict', 'A message awaiting review cannot be pinned.');
    if (outcome === 'full') throw new DomainError('pin_limit', `A room has at most ${MAX_PINS_PER_ROOM} pinned messages.`);
    return this.changed(user, roomId, messageId, outcome === 'pinned');
  }

  /** Idempotent: unpinning a message that is not pinned changes nothing. */
  async unpin(user: AuthUser, { room }: RoomContext, messageId: string): Promise<void> {
    const roomId = room.id;
    if (await this.pins.unpin(roomId, messageId)) await this.changed(user, roomId, messageId, true);
    else if (!(await this.messages.existsInRoom(roomId, messageId))) throw messageNotFound();
  }

  /** The room's pins, newest first (readers of the room); keyset by `next`. */
  async list(user: AuthUser, { room }: RoomContext, query: PinPageQuery, url: URL): Promise<PinPageResponse> {
    const roomId = room.id;
    const limit = query.limit ?? MAX_PINS_PER_ROOM;
    const keys = await this.pins.page(roomId, query.cursor ? decodeTimeKey(query.cursor) : null, limit);
    const byId = new Map((await this.messages.findByIds(keys.map((k) => k.id))).map((m) => [m.id, m]));
    const ordered = keys.map((k) => byId.get(k.id)).filter((m) => m !== undefined);
    return { next: keys.length === limit ? nextLink(url, keys[keys.length - 1]) : null, results: await this.views.many(user, ordered) };
  }

  private async changed(user: AuthUser, roomId: string, messageId: string, tell: boolean): Promise<MessageResponse> {
    const [mine, everyone] = await this.views.forViewerAndRoom(user, (await this.messages.findInRoom(roomId, messageId))!);
    if (tell) this.events.publish('MessageUpdated', { roomId, message: everyone });
    return mine;
  }
}
