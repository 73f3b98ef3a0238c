import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { DomainError, permissionDenied } from '../../core/errors/domain-error';
import { Room } from './store/entities/room.entity';
import { RoomMember, RoomRole } from './store/entities/room-member.entity';
import { RoomsRepository } from './store/rooms.repository';
import { bannedError, roomAccessDenied, roomNotFound } from '../../core/errors/errors';

export interface RoomContext {
  room: Room;
  membership: RoomMember | null;
  /** The caller is banned from the room (loaded with the membership by RoomAccess). */
  banned?: boolean;
}
/** A context whose caller is a member of the room. */
export type MemberContext = RoomContext & { membership: RoomMember };

/**
 * What a room-scoped route or event needs of its caller: `any` signed-in user
 * (the room must exist), a `reader`, a `member`, or at least an `admin` or the
 * `owner` (global admins count as owners).
 */
export type RoomAccessLevel = 'any' | 'reader' | 'member' | 'admin' | 'owner';

const RANK: Record<RoomRole, number> = { member: 1, admin: 2, owner: 3 };

/**
 * Every room-scoped authorisation decision, in one place. Reads: members, any
 * signed-in user for public rooms, support agents for SUPPORT rooms, global
 * admins. Writes: members only (and a role for management).
 */
@Injectable()
export class RoomAccess {
  constructor(private readonly rooms: RoomsRepository) {}

  /** The one decision behind the HTTP guard and the socket events: the room and the caller's checked membership, read once. */
  require(user: AuthUser, roomId: string, level: 'member'): Promise<MemberContext>;
  require(user: AuthUser, roomId: string, level: RoomAccessLevel): Promise<RoomContext>;
  require(user: AuthUser, roomId: string, level: RoomAccessLevel): Promise<RoomContext> {
    switch (level) {
      case 'any':
        return this.load(user, roomId);
      case 'reader':
        return this.requireReadable(user, roomId);
      case 'member':
        return this.requireMember(user, roomId);
      case 'admin':
      case 'owner':
        return this.requireRole(user, roomId, level);
    }
  }

  async load(user: AuthUser, roomId: string): Promise<RoomContext> {
    const found = await this.rooms.findWithMembership(roomId, user.id);
    if (!found) throw roomNotFound();
    return found;
  }

  /** requireReadable for many rooms in one query: each room's context, or the error its own check would throw. */
  async readableMany(user: AuthUser, roomIds: string[]): Promise<Map<string, RoomContext | DomainError>> {
    const found = await this.rooms.findManyWithMembership(roomIds, user.id);
    return new Map(
      roomIds.map((roomId) => {
        const context = found.get(roomId);
        if (!context) return [roomId, roomNotFound()];
        return [roomId, this.canRead(user, context.room, context.membership !== null, context.banned) ? context : roomAccessDenied()];
      }),
    );
  }

  /**
   * Who may read a room (and watch its events): members, anyone not banned from it for a public
   * room, support agents for SUPPORT rooms, global admins.
   */
  canRead(user: Pick<AuthUser, 'role' | 'userType'>, room: Room, isMember: boolean, banned = false): boolean {
    return (
      isMember || (room.visibility === 'public' && !banned) || (room.roomType === 'SUPPORT' && user.userType === 'support') || user.role === 'admin'
    );
  }

  async requireReadable(user: AuthUser, roomId: string): Promise<RoomContext> {
    const context = await this.load(user, roomId);
    const refusal = this.readRefusal(user, context);
    if (refusal) throw refusal;
    return context;
  }

  async requireMember(user: AuthUser, roomId: string): Promise<MemberContext> {
    const context = await this.load(user, roomId);
    if (!context.membership) throw this.readRefusal(user, context) ?? permissionDenied('Only members of this room may do this.');
    return context as MemberContext;
  }

  /** Why the caller may not read the room, or null: a ban is told as such (global admins excepted), else room_access_denied. */
  private readRefusal(user: AuthUser, context: RoomContext): DomainError | null {
    if (context.banned && !context.membership && user.role !== 'admin') return bannedError();
    return this.canRead(user, context.room, context.membership !== null) ? null : roomAccessDenied();
  }

  /** At least `role` in the room; global admins count as owners. */
  async requireRole(user: AuthUser, roomId: string, role: RoomRole): Promise<RoomContext> {
    const context = await this.load(user, roomId);
    if (user.role === 'admin') return context;
    if (!context.membership) throw this.canRead(user, context.room, false) ? permissionDenied() : roomAccessDenied();
    if (RANK[context.membership.role] < RANK[role]) {
      throw permissionDenied(`Only a room ${role === 'owner' ? 'owner' : 'owner or admin'} may do this.`);
    }
    return context;
  }

  /** The caller's effective rank; global admins outrank even the owner. */
  rankOf(user: AuthUser, membership: RoomMember | null): number {
    if (user.role === 'admin') return RANK.owner + 1;
    return membership ? RANK[membership.role] : 0;
  }

  static rank(role: RoomRole): number {
    return RANK[role];
  }
}
