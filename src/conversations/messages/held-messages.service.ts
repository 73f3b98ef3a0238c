import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../core/audit/audit-log';
import { AuthUser } from '../../core/auth/auth-user';
import { DomainError } from '../../core/errors/domain-error';
import { messageNotFound } from '../../core/errors/errors';
import { DomainEvents } from '../../core/events/domain-event-bus';
import { Policy } from '../../core/policy/policy';
import type { RoomContext } from '../rooms/room-access.service';
import { AttachmentsService } from '../uploads/attachments.service';
import { HeldMessagePageResponse, HeldMessagesQuery, RejectMessageDto } from './dto/held-message.dto';
import { MessageResponse } from './dto/message.response';
import { MessageViews } from './message-views';
import { MessagesService } from './messages.service';
import { Message } from './store/entities/message.entity';
import { HeldMessagesRepository } from './store/held-messages.repository';
import { MessagesRepository } from './store/messages.repository';

const DEFAULT_LIMIT = 50;
const notHeld = () => new DomainError('conflict', 'This message is not held for review.');

/**
 * The review queue of messages a hold rule or the pre-send hook held (docs/compliance.md): the room's
 * reviewers (the policy's `message.review`, checked by the route) list them, approve them (the room then
 * gets them as new messages, with their webhooks and notifications) or reject them (deleted). Both are
 * audited in their own transaction.
 */
@Injectable()
export class HeldMessagesService {
  constructor(
    private readonly held: HeldMessagesRepository,
    private readonly messages: MessagesRepository,
    private readonly messagesService: MessagesService,
    private readonly views: MessageViews,
    private readonly attachments: AttachmentsService,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
  ) {}

  async list(user: AuthUser, context: RoomContext, query: HeldMessagesQuery, url: URL): Promise<HeldMessagePageResponse> {
    Policy.require(user, 'message.review', context);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const { messages, extras } = await this.messages.heldPage(context.room.id, query.after ?? 0, limit, user.id);
    const last = messages[messages.length - 1];
    return { next: messages.length === limit ? afterLink(url, last.seq, limit) : null, results: await this.views.many(user, messages, extras) };
  }

  /** The message becomes visible with the room's next seq; the room hears it as new (`message:new`), mentions are told. */
  async approve(user: AuthUser, context: RoomContext, messageId: string): Promise<MessageResponse> {
    const roomId = context.room.id;
    const message = await this.requireHeld(user, context, messageId);
    const approved = await this.held.transaction(async (tx) => {
      const done = await this.held.approve(tx, roomId, messageId);
      if (!done) throw notHeld();
      await this.audit.record(tx, {
        actor: user,
        action: 'message.approved',
        room: context.room,
        target: target(message),
        details: details(message),
      });
      return done;
    });
    const [mine, everyone] = await this.views.forViewerAndRoom(user, (await this.messages.findInRoom(roomId, messageId))!);
    this.events.publish('MessageCreated', { roomId, message: everyone });
    const mentioned = approved.notified.filter((id) => id !== message.senderId);
    if (mentioned.length) this.events.publish('Mentioned', { roomId, message: everyone, userIds: mentioned });
    return mine;
  }

  /** Deletes the held message (a tombstone its sender and the moderators see; the text stays as its last revision). */
  async reject(user: AuthUser, context: RoomContext, messageId: string, dto: RejectMessageDto): Promise<void> {
    const message = await this.requireHeld(user, context, messageId);
    const detached = await this.held.transaction(async (tx) => {
      if (!(await this.messages.tombstone(message, new Date(), tx))) throw notHeld();
      await this.audit.record(tx, {
        actor: user,
        action: 'message.rejected',
        room: context.room,
        target: target(message),
        reason: dto.reason ?? '',
        details: details(message),
      });
      return this.attachments.detach(tx, message.id);
    });
    await this.messagesService.announceRemoved(user, context.room.id, message.id, detached);
  }

  /** 404 for a message the reviewer's room does not have, 409 for one that is not (or no longer) held. */
  private async requireHeld(user: AuthUser, context: RoomContext, messageId: string): Promise<Message> {
    Policy.require(user, 'message.review', context);
    const message = await this.messages.findInRoom(context.room.id, messageId);
    if (!message) throw messageNotFound();
    if (message.visibility !== 'held' || message.deletedAt) throw notHeld();
    return message;
  }
}

const target = (message: Message) => ({ type: 'message' as const, id: message.id, name: message.sender?.username ?? null });
const details = (message: Message) => ({ seq: message.seq, sender_id: message.senderId });

function afterLink(url: URL, after: number, limit: number): string {
  const next = new URL(url.toString());
  next.searchParams.set('after', String(after));
  next.searchParams.set('limit', String(limit));
  return next.toString();
}
