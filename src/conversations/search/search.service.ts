import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { decodeTimeKey, nextLink } from '../../core/pagination/opaque-cursor';
import { MessageViews } from '../messages/message-views';
import { MessagesRepository } from '../messages/store/messages.repository';
import { SearchPageResponse } from './dto/search-hit.response';
import { GlobalSearchQuery } from './dto/search.query';
import { SearchRepository } from './store/search.repository';

const DEFAULT_LIMIT = 50;

@Injectable()
export class SearchService {
  constructor(
    private readonly search: SearchRepository,
    private readonly messages: MessagesRepository,
    private readonly views: MessageViews,
  ) {}

  /** One query for the page's hits (with their rooms), one for its messages. */
  async everywhere(user: AuthUser, query: GlobalSearchQuery, url: URL): Promise<SearchPageResponse> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const hits = await this.search.search(user, query.q, query.cursor ? decodeTimeKey(query.cursor) : null, limit);
    const found = await this.messages.findByIds(hits.map((h) => h.key.id));
    const views = new Map((await this.views.many(user, found)).map((m) => [m.id, m]));
    return {
      next: hits.length === limit ? nextLink(url, hits[hits.length - 1].key) : null,
      results: hits.filter((h) => views.has(h.key.id)).map((h) => ({ room: h.room, message: views.get(h.key.id)! })),
    };
  }
}
