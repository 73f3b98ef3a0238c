import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { decodeTimeKey, nextLink } from '../../core/pagination/opaque-cursor';
import { MessageViews } from '../messages/message-views';
import { MessagesRepository } from '../messages/store/messages.repository';
import { TimeCursorQuery as MentionPageQuery } from '../../core/pagination/time-cursor.query';
import { MentionPageResponse } from './dto/mention-page.response';
import { MentionsRepository } from './store/mentions.repository';

const DEFAULT_LIMIT = 50;

@Injectable()
export class MentionsService {
  constructor(
    private readonly mentions: MentionsRepository,
    private readonly messages: MessagesRepository,
    private readonly views: MessageViews,
  ) {}

  /** The caller's mentions, newest first: one query for the page's keys, one for its messages. */
  async mine(user: AuthUser, query: MentionPageQuery, url: URL): Promise<MentionPageResponse> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const keys = await this.mentions.recent(user, query.cursor ? decodeTimeKey(query.cursor) : null, limit);
    const byId = new Map((await this.messages.findByIds(keys.map((k) => k.id))).map((m) => [m.id, m]));
    const ordered = keys.map((k) => byId.get(k.id)).filter((m) => m !== undefined);
    return {
      next: keys.length === limit ? nextLink(url, keys[keys.length - 1]) : null,
      results: await this.views.many(user, ordered),
    };
  }
}
