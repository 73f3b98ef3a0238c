import { Injectable, Logger } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { MemberContext, RoomAccess, RoomContext } from '../rooms/room-access.service';
import { AuditLog } from '../../core/audit/audit-log';
import type { Tx } from '../../core/database/transaction';
import { ContentBlockedError, DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { Policy } from '../../core/policy/policy';
import { mentionedNames } from '../mentions/mention-parser';
import { invalidPk } from '../rooms/rooms.service';
import { UserLimits } from '../../core/throttling/user-limits';
import { EditMessageDto, HistoryQuery, ReadDto, SearchQuery, SendMessageDto } from './dto/message.dto';
import { MessagePageResponse, ReadResponse, ReceiptsResponse, UnreadSummaryResponse } from './dto/message-page.response';
import { MessageResponse } from './dto/message.response';
import type { UploadResponse } from '../uploads/dto/upload.response';
import { Message } from './store/entities/message.entity';
import { AttachmentsService } from '../uploads/attachments.service';
import { AttachedMessageWriter } from './attached-message-writer';
import { MessageWriter } from './message-writer';
import { MessageViews } from './message-views';
import { MessagesRepository } from './store/messages.repository';
import { messageNotFound } from '../../core/errors/errors';
import { DomainEvents } from '../../core/events/domain-event-bus';
import { ContentCheck, ContentPolicy } from '../content-policy/content-policy';
import { ReportFiling } from '../moderation/report-filing';
import { MessageRevisionsService } from './message-revisions.service';

const DEFAULT_LIMIT = 50;
const SYNC_LIMIT = 100;

export type SyncedRoom = { messages: MessageResponse[]; has_more: boolean } | { error: { code: string; detail: string } };

/** Transport-agnostic: REST now, the Socket.IO gateway later, call these same methods. */
@Injectable()
export class MessagesService {
  private readonly logger = new Logger(MessagesService.name);

  constructor(
    private readonly messages: MessagesRepository,
    private readonly writer: MessageWriter,
    private readonly access: RoomAccess,
    private readonly views: MessageViews,
    private readonly events: DomainEvents,
    private readonly audit: AuditLog,
    private readonly limits: UserLimits,
    private readonly attachedWriter: AttachedMessageWriter,
    private readonly attachments: AttachmentsService,
    private readonly contentPolicy: ContentPolicy,
    private readonly filing: ReportFiling,
    private readonly revisions: MessageRevisionsService,
  ) {}

  async history(user: AuthUser, { room }: RoomContext, query: HistoryQuery, url: URL): Promise<MessagePageResponse> {
    const roomId = room.id;
    const limit = query.limit ?? DEFAULT_LIMIT;
    const { messages: rows, extras } = await this.messages.page(roomId, user, {
      before: query.before,
      after: query.after,
      limit,
      withThreadReplies: query.thread_replies,
    });
    const first = rows[0]?.seq;
    const last = rows[rows.length - 1]?.seq;
    return {
      next: first !== undefined && first > room.purgedThroughSeq + 1 ? cursorLink(url, { before: first, limit }) : null,
      previous: last !== undefined && last < room.lastSeq ? cursorLink(url, { after: last, limit }) : null,
      results: await this.views.many(user, rows, extras),
    };
  }

  /**
   * Sends; with a known client_message_id returns the first message and `created: false`.
   * The common case costs no query of its own: membership, the room being active and the
   * client_message_id being new are all checked by the batched write (MessageWriter), and
   * only a message it skipped is looked at again to say why.
   */
  async send(user: AuthUser, roomId: string, dto: SendMessageDto): Promise<{ created: boolean; message: MessageResponse }> {
    // One budget whatever the transport: REST and the socket share it.
    await this.limits.consume('message', user.id);
    const checked = await this.checkContent(user, roomId, dto.content ?? '');
    if (dto.reply_to_id || dto.thread_root_id) await this.checkReferences(user, roomId, dto);
    const input = {
      roomId,
      senderId: user.id,
      type: 'text' as const,
      content: checked.content,
      meta: dto.meta,
      replyToId: dto.reply_to_id ?? null,
      clientMessageId: dto.client_message_id ?? null,
      threadRootId: dto.thread_root_id ?? null,
      alsoInRoom: dto.thread_root_id ? (dto.also_in_room ?? false) : false,
      mentionNames: mentionedNames(checked.content),
      memberOnly: true,
      visibility: checked.visibility,
    };
    const uploadIds = dto.attachments?.map((id) => id.toLowerCase()) ?? [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      let saved: Message | null;
      let files: UploadResponse[] = [];
      try {
        if (uploadIds.length === 0) saved = await this.writer.write(input);
        else [saved, files] = await this.attachedWriter.write(input, uploadIds);
      } catch (error) {
        // pg's error straight from the batch's prepared statement, or TypeORM's wrapping of it.
        const failed = error as { constraint?: string; driverError?: { constraint?: string } };
        const constraint = failed.driverError?.constraint ?? failed.constraint;
        // Another node committed the same client_message_id first: this write rolled back; answer the first.
        if (constraint !== 'uq_messages_sender_client_id') throw error;
        saved = null;
      }
      if (saved) {
        if (checked.flaggedBy.length) await this.flag(saved, checked.flaggedBy, 0);
        const [mine, everyone] = await this.views.forViewerAndRoom(user, saved, files);
        // A held or shadowed message reaches only its sender and the room's moderators (RealtimeFanout); nobody is mentioned yet.
        this.events.publish('MessageCreated', { roomId, message: everyone, committedAt: this.writer.committedAt(saved) });
        if (saved.notifiedUserIds?.length && saved.visibility === 'visible') {
          this.events.publish('Mentioned', { roomId, message: everyone, userIds: saved.notifiedUserIds });
        }
        return { created: true, message: mine };
      }
      const retried = await this.whyNotWritten(user, roomId, input.clientMessageId);
      if (retried) return { created: false, message: retried };
    }
    throw new DomainError('conflict', 'The room changed while the message was being sent; send it again.');
  }

  /**
   * The content rules (docs/compliance.md), in JavaScript before the message joins a batch.
   * A blocked send tells the rule only to a member: anyone else learns what every send of theirs would.
   */
  private async checkContent(user: AuthUser, roomId: string, content: string): Promise<ContentCheck> {
    try {
      return await this.contentPolicy.check(roomId, content, { senderId: user.id, edit: false });
    } catch (error) {
      if (error instanceof ContentBlockedError) await this.access.require(user, roomId, 'room.member');
      throw error;
    }
  }

  /** Files the system's report for a message a rule flagged; the message stands whether or not the report is filed. */
  private async flag(message: Message, ruleIds: string[], version: number): Promise<void> {
    await this.filing.flagged({ ...message, content: message.content }, ruleIds, version).catch((error: unknown) => {
      this.logger.error(`flagging message ${message.id}: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /**
   * The messages a send refers to: a reply's target in this room that the sender sees, a thread's live,
   * visible top-level root in this room (a held root has no thread until it is approved).
   */
  private async checkReferences(user: AuthUser, roomId: string, dto: SendMessageDto): Promise<void> {
    const context = await this.access.require(user, roomId, 'room.member');
    if (dto.reply_to_id && !(await this.seen(user, context, dto.reply_to_id))) throw invalidPk('reply_to_id', [dto.reply_to_id]);
    if (dto.thread_root_id) {
      const root = await this.seen(user, context, dto.thread_root_id);
      if (!root) throw invalidPk('thread_root_id', [dto.thread_root_id]);
      if (root.threadRootId || root.type !== 'text' || root.deletedAt || root.visibility !== 'visible') {
        throw FieldValidationError.of('thread_root_id', 'Must be a live top-level message of this room.');
      }
    }
  }

  /**
   * Throws what stopped a send (no such room, not a member, a moderation rule, inactive),
   * or answers the earlier message of a retry.
   */
  private async whyNotWritten(user: AuthUser, roomId: string, clientMessageId: string | null): Promise<MessageResponse | null> {
    const { room, membership } = await this.access.require(user, roomId, 'room.member');
    if (clientMessageId) {
      const existing = await this.retryOf(user, roomId, clientMessageId);
      if (existing) return existing;
    }
    Policy.require(user, 'room.post', { room, membership, ...(await this.messages.postingFacts(room, user.id, membership.role)) });
    return null; // changed in between (joined just now, say): write again
  }

  async get(user: AuthUser, context: RoomContext, messageId: string): Promise<MessageResponse> {
    return this.views.one(user, await this.require(user, context, messageId));
  }

  async edit(user: AuthUser, context: MemberContext, messageId: string, dto: EditMessageDto): Promise<MessageResponse> {
    await this.limits.consume('message', user.id);
    const roomId = context.room.id;
    Policy.require(user, 'room.change', context);
    const message = await this.require(user, context, messageId);
    Policy.require(user, 'message.edit', { ...context, message });
    if (message.deletedAt) throw new DomainError('conflict', 'A deleted message cannot be edited.');
    const checked = await this.contentPolicy.check(roomId, dto.content, { senderId: user.id, edit: true });
    // A message everyone sees cannot be hidden again by an edit: an edit a hold rule or the hook would hold is refused.
    if (checked.visibility === 'held' && message.visibility === 'visible') throw editHeld();
    // The version it replaces is kept in the same transaction (docs/compliance.md).
    if (!(await this.messages.updateContent(message.id, checked.content, new Date()))) {
      throw new DomainError('conflict', 'A deleted message cannot be edited.');
    }
    const edited = (await this.messages.findInRoom(roomId, messageId))!;
    if (checked.flaggedBy.length) await this.flag(edited, checked.flaggedBy, (await this.revisions.current(edited.id)).version);
    const [response, everyone] = await this.views.forViewerAndRoom(user, edited);
    this.events.publish('MessageUpdated', { roomId, message: everyone });
    return response;
  }

  /** Sender, room owner/admin or global admin; leaves a tombstone that keeps its seq. Idempotent. */
  async remove(user: AuthUser, context: RoomContext, messageId: string, reason = ''): Promise<void> {
    await this.limits.consume('message', user.id);
    const roomId = context.room.id;
    const message = await this.require(user, context, messageId);
    if (message.deletedAt) {
      this.requireMayDelete(user, context, message);
      return;
    }
    const detached = await this.messages.transaction((manager) => this.removeWithin(manager, user, context, message, reason));
    if (detached) await this.announceRemoved(user, roomId, messageId, detached);
  }

  /**
   * The deletion inside the caller's transaction (moderation resolves reports with it); a moderator's is audited.
   * Detaches the message's files in the same transaction and answers their ids for `announceRemoved`
   * (null when another deletion got there first: nothing to announce).
   */
  async removeWithin(manager: Tx, user: AuthUser, context: RoomContext, message: Message, reason: string): Promise<string[] | null> {
    const bySender = this.requireMayDelete(user, context, message);
    // Two deletions at once (the sender and a moderator, or a repeated request): only one counts, audits and announces.
    if (!(await this.messages.tombstone(message, new Date(), manager))) return null;
    if (!bySender) {
      await this.audit.record(manager, {
        actor: user,
        action: 'message.deleted',
        room: context.room,
        target: { type: 'message', id: message.id, name: message.sender?.username ?? null },
        reason,
        details: { seq: message.seq, sender_id: message.senderId },
      });
    }
    return this.attachments.detach(manager, message.id);
  }

  /** After commit: removes the detached files (a storage failure is left to the cleanup job) and tells the room. */
  async announceRemoved(user: AuthUser, roomId: string, messageId: string, detachedUploads: string[] = []): Promise<void> {
    await this.attachments.purgeDetached(detachedUploads);
    const [, everyone] = await this.views.forViewerAndRoom(user, (await this.messages.findInRoom(roomId, messageId))!);
    this.events.publish('MessageDeleted', { roomId, message: everyone });
  }

  /** Answers whether the caller deletes as the sender (else as a moderator); throws when neither. */
  private requireMayDelete(user: AuthUser, context: RoomContext, message: Message): boolean {
    const target = { ...context, message };
    if (Policy.can(user, 'message.delete_own', target)) return true;
    Policy.require(user, 'message.delete_any', target);
    return false;
  }

  /** A message of the room as the caller may see it (`message.read`: 404 for a held or shadowed one not theirs to see). */
  async find(user: AuthUser, context: RoomContext, messageId: string): Promise<Message> {
    return this.require(user, context, messageId);
  }

  /** Moves the caller's read position forward (never back), at most to the newest message. */
  async read(user: AuthUser, { room, membership }: MemberContext, dto: ReadDto): Promise<ReadResponse> {
    await this.limits.consume('read', user.id);
    const roomId = room.id;
    const target = Math.min(dto.seq ?? room.lastSeq, room.lastSeq);
    const lastReadSeq = await this.messages.markRead(roomId, user.id, target);
    const unread = (await this.messages.unreadCounts(user, [roomId])).get(roomId) ?? 0;
    if (lastReadSeq > membership.lastReadSeq) {
      this.events.publish('ReadUpdated', { roomId, userId: user.id, lastReadSeq });
    }
    return { last_read_seq: lastReadSeq, unread_count: unread };
  }

  async receipts(user: AuthUser, context: RoomContext, messageId: string): Promise<ReceiptsResponse> {
    const { room } = context;
    const message = await this.require(user, context, messageId);
    const readers = await this.messages.readers(room.id, message.seq, message.senderId);
    return { read_by: await this.views.users(user, readers), count: readers.length };
  }

  async search(user: AuthUser, { room }: RoomContext, query: SearchQuery, url: URL): Promise<MessagePageResponse> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.messages.search(room.id, query.q, query.before, limit, user);
    return {
      next: rows.length === limit ? cursorLink(url, { before: rows[0].seq, limit }) : null,
      previous: null,
      results: await this.views.many(user, rows),
    };
  }

  /**
   * What a reconnecting client missed: per room, the messages after its last
   * seq (at most 100, `has_more` when there are more: page on with REST
   * `after=` and `thread_replies=true`), thread replies included. A room the caller may no longer read answers an error entry.
   * The same statements whatever the number of rooms: one access check for all, one keyset
   * page per room in one statement (with attachments and the caller's reactions), one view pass.
   */
  async sync(user: AuthUser, rooms: Record<string, number>): Promise<{ rooms: Record<string, SyncedRoom> }> {
    const access = await this.access.readableMany(user, Object.keys(rooms));
    const readable = new Map(Object.entries(rooms).filter(([roomId]) => !(access.get(roomId) instanceof DomainError)));
    const { pages, extras } = readable.size
      ? await this.messages.pagesAfter(readable, SYNC_LIMIT + 1, user)
      : { pages: new Map<string, Message[]>(), extras: undefined };
    const shown = [...pages.values()].flatMap((rows) => rows.slice(0, SYNC_LIMIT));
    const views = new Map((await this.views.many(user, shown, extras)).map((view) => [view.id, view]));
    const entries = Object.keys(rooms).map((roomId): [string, SyncedRoom] => {
      const checked = access.get(roomId);
      if (checked instanceof DomainError) return [roomId, { error: { code: checked.code, detail: checked.detail } }];
      const rows = pages.get(roomId) ?? [];
      return [roomId, { messages: rows.slice(0, SYNC_LIMIT).map((m) => views.get(m.id)!), has_more: rows.length > SYNC_LIMIT }];
    });
    return { rooms: Object.fromEntries(entries) };
  }

  async unreadSummary(user: AuthUser): Promise<UnreadSummaryResponse> {
    const counts = await this.messages.unreadCounts(user);
    const rooms = [...counts].filter(([, n]) => n > 0).map(([room_id, unread_count]) => ({ room_id, unread_count }));
    return { total: rooms.reduce((sum, r) => sum + r.unread_count, 0), rooms };
  }

  /** A message of the room the caller sees, else 404 (the policy's `message.read`; pages spell it in SQL as `seenBy`). */
  private async require(user: AuthUser, context: RoomContext, messageId: string): Promise<Message> {
    const message = await this.seen(user, context, messageId);
    if (!message) throw messageNotFound();
    return message;
  }

  private async seen(user: AuthUser, context: RoomContext, messageId: string): Promise<Message | null> {
    const message = await this.messages.findInRoom(context.room.id, messageId);
    return message && Policy.can(user, 'message.read', { ...context, message }) ? message : null;
  }

  private async retryOf(user: AuthUser, roomId: string, clientMessageId: string): Promise<MessageResponse | null> {
    const existing = await this.messages.findByClientId(user.id, clientMessageId);
    if (!existing) return null;
    if (existing.roomId !== roomId) {
      throw new DomainError('conflict', 'This client_message_id was already used for a message in another room.');
    }
    return this.views.one(user, existing);
  }
}

const editHeld = () => new ContentBlockedError(null, 'This edit would need review by a moderator; send it as a new message instead.');

function cursorLink(url: URL, params: { before?: number; after?: number; limit: number }): string {
  const link = new URL(url.toString());
  link.searchParams.delete('before');
  link.searchParams.delete('after');
  if (params.before !== undefined) link.searchParams.set('before', String(params.before));
  if (params.after !== undefined) link.searchParams.set('after', String(params.after));
  link.searchParams.set('limit', String(params.limit));
  return link.toString();
}
