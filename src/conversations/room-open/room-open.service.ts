import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../../core/auth/auth-user';
import { MessagesService } from '../messages/messages.service';
import { MembershipService } from '../rooms/membership.service';
import type { RoomContext } from '../rooms/room-access.service';
import { RoomsService } from '../rooms/rooms.service';
import type { RoomOpenQuery } from './dto/room-open.query';
import type { RoomOpenResponse } from './dto/room-open.response';

/**
 * Opening a room in one request: the room, its newest history page and its first members page,
 * each from the service behind its own route (the same statements and views), on one access
 * check (the caller's RoomContext). The three reads run side by side on the pool; the room's last
 * message is viewed once, on the page. Reading is all
 * it does: marking the room read stays a write of its own (the socket's `read`, POST /rooms/{id}/read).
 */
@Injectable()
export class RoomOpenService {
  constructor(
    private readonly rooms: RoomsService,
    private readonly messages: MessagesService,
    private readonly membership: MembershipService,
  ) {}

  /** `url`: this request's; the parts' links name their own routes, as if each had been asked for alone. */
  async open(user: AuthUser, context: RoomContext, query: RoomOpenQuery, url: URL): Promise<RoomOpenResponse> {
    const history = { limit: query.limit };
    const members = { page_size: query.members_limit };
    const page = this.messages.history(user, context, history, siblingUrl(url, 'messages', history));
    const [room, messagePage, memberPage] = await Promise.all([
      // The room's last message is nearly always on the page: its view is taken from there, not read again.
      this.rooms.get(
        user,
        context,
        page.then((p) => p.results),
      ),
      page,
      this.membership.list(user, context, members, siblingUrl(url, 'members', members)),
    ]);
    const { membership } = context;
    return {
      room,
      messages: messagePage,
      members: memberPage,
      read: membership ? { last_read_seq: membership.lastReadSeq, unread_count: room.unread_count } : null,
    };
  }
}

/** `/rooms/{id}/open?...` -> `/rooms/{id}/<route>` with the given query: the request that route would have had. */
function siblingUrl(url: URL, route: 'messages' | 'members', query: Record<string, number | undefined>): URL {
  const sibling = new URL(url.origin);
  sibling.pathname = url.pathname.replace(/\/open\/?$/, `/${route}`);
  for (const [name, value] of Object.entries(query)) if (value !== undefined) sibling.searchParams.set(name, String(value));
  return sibling;
}
