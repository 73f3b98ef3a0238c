import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { messageNotFound } from '../../core/errors/errors';
import { Policy } from '../../core/policy/policy';
import { RoomContext } from '../rooms/room-access.service';
import { MessageRevisionPageResponse, RevisionsQuery, toMessageRevisionResponse } from './dto/message-revision.response';
import { MessagesRepository } from './store/messages.repository';

const DEFAULT_LIMIT = 50;

/**
 * A message's edit history: every edit keeps the version it replaced, a deletion the content
 * it blanked (MessagesRepository.updateContent, .tombstone), until retention removes the message.
 * The sender reads their live message's history; the room's moderators read any, deleted ones too.
 */
@Injectable()
export class MessageRevisionsService {
  constructor(private readonly messages: MessagesRepository) {}

  async list(user: AuthUser, context: RoomContext, messageId: string, query: RevisionsQuery, url: URL): Promise<MessageRevisionPageResponse> {
    const message = await this.messages.findInRoom(context.room.id, messageId);
    if (!message || !Policy.can(user, 'message.read', { ...context, message })) throw messageNotFound();
    Policy.require(user, 'message.revisions', { ...context, message });
    const limit = query.limit ?? DEFAULT_LIMIT;
    const [rows, current] = await Promise.all([this.messages.revisions(message.id, query.before, limit), this.messages.currentVersion(message.id)]);
    const last = rows[rows.length - 1];
    return {
      next: rows.length === limit && last.version > 0 ? withBefore(url, last.version, limit) : null,
      current_version: current?.version ?? 0,
      results: rows.map(toMessageRevisionResponse),
    };
  }

  /** The message's content with its version (0: as sent, n: after n edits), read together: what a report keeps. */
  async current(messageId: string): Promise<{ content: string; version: number }> {
    const current = await this.messages.currentVersion(messageId);
    if (!current) throw messageNotFound();
    return current;
  }
}

function withBefore(url: URL, before: number, limit: number): string {
  const link = new URL(url.toString());
  link.searchParams.set('before', String(before));
  link.searchParams.set('limit', String(limit));
  return link.toString();
}
