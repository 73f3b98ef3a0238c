import { Injectable } from '@nestjs/common';
import { AuthUser } from '../auth/auth-user';
import { DomainError, permissionDenied } from '../common/errors/domain-error';
import { roomNotFound } from '../messages/message-log';
import { Room } from './entities/room.entity';
import { RoomMember, RoomRole } from './entities/room-member.entity';
import { RoomsRepository } from './rooms.repository';

export interface RoomContext {
  room: Room;
  membership: RoomMember | null;
}

const RANK: Record<RoomRole, number> = { member: 1, admin: 2, owner: 3 };
export const roomAccessDenied = () =>
  new DomainError('room_access_denied', 'You do not have access to this room.');

/**
 * Every room-scoped authorisation decision, in one place. Reads: members, any
 * signed-in user for public rooms, support agents for SUPPORT rooms, global
 * admins. Writes: members only (and a role for management).
 */
@Injectable()
export class RoomAccess {
  constructor(private readonly rooms: RoomsRepository) {}

  async load(user: AuthUser, roomId: string): Promise<RoomContext> {
    const found = await this.rooms.findWithMembership(roomId, user.id);
    if (!found) throw roomNotFound();
    return found;
  }

  /** Who may read a room (and watch its events): members, anyone for a public room, support agents for SUPPORT rooms, global admins. */
  canRead(user: Pick<AuthUser, 'role' | 'userType'>, room: Room, isMember: boolean): boolean {
    return (
      isMember ||
      room.visibility === 'public' ||
      (room.roomType === 'SUPPORT' && user.userType === 'support') ||
      user.role === 'admin'
    );
  }

  async requireReadable(user: AuthUser, roomId: string): Promise<RoomContext> {
    const context = await this.load(user, roomId);
    if (!this.canRead(user, context.room, context.membership !== null)) throw roomAccessDenied();
    return context;
  }

  async requireMember(user: AuthUser, roomId: string): Promise<RoomContext & { membership: RoomMember }> {
    const context = await this.load(user, roomId);
    if (!context.membership) {
      throw this.canRead(user, context.room, false) ? permissionDenied('Only members of this room may do this.') : roomAccessDenied();
    }
    return context as RoomContext & { membership: RoomMember };
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
