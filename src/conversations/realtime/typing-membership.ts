import { Injectable } from '@nestjs/common';
import { RoomAccess } from '../rooms/room-access.service';
import type { ChatSocket } from './socket-auth';

/** How long a confirmed membership lets typing events skip the membership query (while the socket holds the channel). */
const MEMBER_CACHE_MS = 60_000;
/** Entries kept at most (about 130 bytes each): expired ones are dropped first, then all. */
const MEMBER_CACHE_MAX = 500_000;

/**
 * Typing is the chattiest client event, so a membership RoomAccess confirmed in the
 * last minute (at connect, on room:join, or by a query here) is trusted, and only while
 * the socket is still in the room's channel: a member who leaves or is removed loses
 * the channel at once, on every node, and the only way back into it without being a
 * member (room:join on a public room) clears the entry. The decision stays RoomAccess's;
 * this only remembers its recent "yes".
 */
@Injectable()
export class TypingMembership {
  /** `${roomId}:${userId}` -> until when typing may skip the membership query (positive answers only). */
  private readonly recent = new Map<string, number>();
  /** Membership queries in flight, per `${roomId}:${userId}`: later events wait on the same one, in order. */
  private readonly checks = new Map<string, Promise<void>>();

  constructor(private readonly access: RoomAccess) {}

  async require(socket: ChatSocket, roomId: string): Promise<void> {
    const user = socket.data.user;
    const key = `${roomId}:${user.id}`;
    const until = this.recent.get(key);
    if (until !== undefined && until > Date.now() && socket.rooms.has(roomId)) return;
    let check = this.checks.get(key);
    if (!check) {
      check = this.access
        .require(user, roomId, 'member')
        .then(() => this.remember(roomId, user.id))
        .finally(() => this.checks.delete(key));
      this.checks.set(key, check);
    }
    await check;
  }

  remember(roomId: string, userId: string): void {
    if (this.recent.size >= MEMBER_CACHE_MAX) {
      const now = Date.now();
      for (const [key, until] of this.recent) if (until <= now) this.recent.delete(key);
      if (this.recent.size >= MEMBER_CACHE_MAX) this.recent.clear();
    }
    this.recent.set(`${roomId}:${userId}`, Date.now() + MEMBER_CACHE_MS);
  }

  /** A membership ended on this node: typing must ask again (on other nodes the lost channel already stops it). */
  forget(roomId: string, userId: string): void {
    this.recent.delete(`${roomId}:${userId}`);
  }
}
