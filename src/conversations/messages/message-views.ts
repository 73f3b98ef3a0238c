import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../core/auth/auth-user';
import type { WireMessage } from '../../core/contracts/wire';
import { PresenceStore } from '../../identity/presence/presence.store';
import { AttachmentsService } from '../uploads/attachments.service';
import { toUploadResponseFromJson, type UploadResponse } from '../uploads/dto/upload.response';
import { toUserResponse, UserResponse } from '../../identity/users/dto/user.response';
import type { User } from '../../identity/users/store/entities/user.entity';
import { MessageResponse } from './dto/message.response';
import { Message } from './store/entities/message.entity';
import { MessagesRepository, reactionKey, type ViewerExtras } from './store/messages.repository';

/**
 * Maps messages (with their senders loaded) to the wire shape: presence in one round trip,
 * attachments in one query, the viewer's own reactions (`me`) in one more, only when the page has any;
 * neither query for messages whose page statement read them already (ViewerExtras).
 */
@Injectable()
export class MessageViews {
  constructor(
    private readonly presence: PresenceStore,
    private readonly messages: MessagesRepository,
    private readonly attachments: AttachmentsService,
  ) {}

  /** `extras`: what the page's own statement already read for this viewer (MessagesRepository.page); the rest is queried. */
  async many(viewer: Pick<AuthUser, 'id' | 'role'>, messages: Message[], extras?: ViewerExtras): Promise<MessageResponse[]> {
    const senderIds = [...new Set(messages.map((m) => m.senderId).filter((id): id is string => id !== null))];
    const uncovered = extras ? messages.filter((m) => !extras.covered.has(m.id)) : messages;
    const [online, mine, files] = await Promise.all([
      this.presence.onlineAmong(senderIds),
      this.myReactions(viewer, uncovered),
      this.attachmentsOf(uncovered),
    ]);
    if (extras) {
      for (const key of extras.mine) mine.add(key);
      for (const [id, list] of extras.files) files.set(id, list.map(toUploadResponseFromJson));
    }
    // A page has few senders: each one's view is made once and shared by their messages.
    const senders = new Map<string, UserResponse>();
    const senderView = (user: User) => {
      let view = senders.get(user.id);
      if (!view) senders.set(user.id, (view = toUserResponse(user, viewer, online.has(user.id))));
      return view;
    };
    return messages.map((m) => toMessageResponse(m, viewer, online, mine, files.get(m.id), senderView));
  }

  private myReactions(viewer: Pick<AuthUser, 'id'>, messages: Message[]): Promise<Set<string>> {
    const reacted = messages.filter((m) => m.reactions?.length).map((m) => m.id);
    return reacted.length ? this.messages.myReactions(viewer.id, reacted) : Promise.resolve(new Set());
  }

  async users(viewer: Pick<AuthUser, 'id' | 'role'>, users: User[]): Promise<UserResponse[]> {
    const online = await this.presence.onlineAmong(users.map((u) => u.id));
    return users.map((u) => toUserResponse(u, viewer, online.has(u.id)));
  }

  async one(viewer: Pick<AuthUser, 'id' | 'role'>, message: Message): Promise<MessageResponse> {
    return (await this.many(viewer, [message]))[0];
  }

  /**
   * The caller's view of a message and the room's view for broadcasts, which is
   * nobody's in particular (so it never carries an email), with one presence lookup.
   */
  async forViewerAndRoom(
    viewer: Pick<AuthUser, 'id' | 'role'>,
    message: Message,
    /** Known by the caller (a send: none, or those it just attached): saves the query. */
    known?: UploadResponse[],
  ): Promise<[MessageResponse, MessageResponse]> {
    const [online, mine, files] = await Promise.all([
      this.presence.onlineAmong(message.senderId ? [message.senderId] : []),
      this.myReactions(viewer, [message]),
      known ? new Map([[message.id, known]]) : this.attachmentsOf([message]),
    ]);
    const attachments = files.get(message.id);
    return [toMessageResponse(message, viewer, online, mine, attachments), toMessageResponse(message, null, online, undefined, attachments)];
  }

  /** The room's view of a message (for broadcasts: nobody's in particular). */
  async forRoom(message: Message): Promise<MessageResponse> {
    const [online, files] = await Promise.all([this.presence.onlineAmong(message.senderId ? [message.senderId] : []), this.attachmentsOf([message])]);
    return toMessageResponse(message, null, online, undefined, files.get(message.id));
  }

  /** Deleted messages have no files left to show. */
  private attachmentsOf(messages: Message[]): Promise<Map<string, UploadResponse[]>> {
    return this.attachments.ofMessages(messages.filter((m) => m.deletedAt === null).map((m) => m.id));
  }
}

export function toMessageResponse(
  m: Message,
  viewer: Pick<AuthUser, 'id' | 'role'> | null,
  online: Set<string>,
  mine: Set<string> = new Set(),
  attachments: UploadResponse[] = [],
  senderView: (user: User) => UserResponse = (user) => toUserResponse(user, viewer, online.has(user.id)),
): MessageResponse {
  const deleted = m.deletedAt !== null;
  return {
    id: m.id,
    room_id: m.roomId,
    seq: m.seq,
    type: m.type,
    sender: m.sender ? senderView(m.sender) : null,
    content: deleted ? '' : m.content,
    meta: deleted ? {} : m.meta,
    reply_to_id: m.replyToId,
    client_message_id: m.clientMessageId,
    created_at: m.createdAt.toISOString(),
    edited_at: m.editedAt ? m.editedAt.toISOString() : null,
    deleted,
    mentions: deleted ? [] : (m.mentions ?? []),
    thread_root_id: m.threadRootId ?? null,
    also_in_room: m.alsoInRoom ?? false,
    reply_count: m.replyCount ?? 0,
    last_reply_at: m.lastReplyAt ? m.lastReplyAt.toISOString() : null,
    thread_participants: m.threadParticipants ?? [],
    pinned_at: m.pinnedAt ? m.pinnedAt.toISOString() : null,
    pinned_by: m.pinnedBy ?? null,
    reactions: (m.reactions ?? []).map(({ emoji, count }) => ({ emoji, count, me: mine.has(reactionKey(m.id, emoji)) })),
    attachments: deleted ? [] : attachments,
    visibility: visibilityFor(m, viewer),
  };
}

/**
 * A message's visibility as its reader is told it: a shadowed sender is never told (their messages look
 * sent to them); the room's moderators, and broadcasts (nobody's view: they go to moderators), see `shadow`.
 */
function visibilityFor(m: Message, viewer: Pick<AuthUser, 'id'> | null): MessageResponse['visibility'] {
  const visibility = m.visibility ?? 'visible';
  return visibility === 'shadow' && viewer !== null && viewer.id === m.senderId ? 'visible' : visibility;
}

/** A broadcast's message as its own sender gets it (RealtimeFanout, for a hidden message): a shadow is not told. */
export function asSeenBySender(message: WireMessage): WireMessage {
  return message.visibility === 'shadow' ? { ...message, visibility: 'visible' } : message;
}
