import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { DomainError } from '../../core/errors/domain-error';
import { roomNotFound } from '../../core/errors/errors';
import type { MembershipFacts, RoomPermission } from '../../core/policy/permissions';
import { Policy } from '../../core/policy/policy';
import { Room } from './store/entities/room.entity';
import { RoomMember } from './store/entities/room-member.entity';
import { RoomsRepository } from './store/rooms.repository';
import { RecentMembers } from './recent-members';
import { UsersService } from '../../identity/users/users.service';

export interface RoomContext {
  room: Room;
  membership: RoomMember | null;
  /** The caller is banned from the room (loaded with the membership by RoomAccess). */
  banned?: boolean;
}
/** A context whose caller is a member of the room. */
export type MemberContext = RoomContext & { membership: RoomMember };

/** For reads judged on whether there is a membership at all: the lowest role, so it never lends a rank. */
export const someMembership = (isMember: boolean): MembershipFacts | null => (isMember ? { role: 'member' } : null);

/**
 * Loads what the policy decides room permissions on (the room, the caller's
 * membership and ban, in one statement) and asks `Policy.require` (src/core/policy).
 * Behind the HTTP guard (`@RoomRoute(permission)`), every socket event and the
 * services that take a room id.
 */
@Injectable()
export class RoomAccess {
  /** The policy's memory of confirmed memberships, for the socket's typing events. */
  private readonly recent = new RecentMembers();

  constructor(
    private readonly rooms: RoomsRepository,
    private readonly users: UsersService,
  ) {}

  /** The room and the caller's checked membership, read once; 404 for an unknown room, else the policy's refusal. */
  require(user: AuthUser, roomId: string, permission: 'room.member'): Promise<MemberContext>;
  require(user: AuthUser, roomId: string, permission: RoomPermission): Promise<RoomContext>;
  async require(user: AuthUser, roomId: string, permission: RoomPermission): Promise<RoomContext> {
    const context = await this.rooms.findWithMembership(roomId, user.id);
    if (!context) throw roomNotFound();
    Policy.require(user, permission, context);
    return context;
  }

  /** The members the policy lets manage the room ('room.manage': its owner and admins), for events only they may hear. */
  async managerIds(room: RoomContext['room']): Promise<string[]> {
    const members = await this.rooms.memberActors(room.id);
    return members.filter((m) => Policy.can(m, 'room.manage', { room, membership: { role: m.roomRole } })).map((m) => m.id);
  }

  /**
   * Those the policy lets review the room's held messages ('message.review': its owners and admins, and
   * global admins), who also see its held and shadowed messages: for the events only they may hear.
   */
  async reviewerIds(roomId: string): Promise<string[]> {
    const room = await this.rooms.findRoom(roomId);
    if (!room) return [];
    const [members, admins] = await Promise.all([this.rooms.memberActors(roomId), this.users.globalAdmins()]);
    const reviewers = [
      ...members.filter((m) => Policy.can(m, 'message.review', { room, membership: { role: m.roomRole } })),
      ...admins.filter((a) => Policy.can(a, 'message.review', { room, membership: null })),
    ];
    return [...new Set(reviewers.map((r) => r.id))];
  }

  /** 'room.sync' for many rooms in one query: each room's context, or the error its own check would throw. */
  async readableMany(user: AuthUser, roomIds: string[]): Promise<Map<string, RoomContext | DomainError>> {
    const found = await this.rooms.findManyWithMembership(roomIds, user.id);
    return new Map(
      roomIds.map((roomId) => {
        const context = found.get(roomId);
        if (!context) return [roomId, roomNotFound()];
        return [roomId, Policy.refusal(user, 'room.sync', context) ?? context];
      }),
    );
  }

  /**
   * 'room.member' for the chattiest socket event (typing): a membership confirmed in the last
   * minute is trusted while `stillInChannel` holds (the socket is in the room's channel, which a
   * removed member loses at once on every node); concurrent checks share one query.
   */
  async requireRecentMember(user: AuthUser, roomId: string, stillInChannel: () => boolean): Promise<void> {
    if (this.recent.has(roomId, user.id) && stillInChannel()) return;
    await this.recent.confirm(roomId, user.id, () => this.require(user, roomId, 'room.member'));
  }

  /** A membership the caller just read (at connect, on room:join): typing may trust it for a while. */
  rememberMember(roomId: string, userId: string): void {
    this.recent.remember(roomId, userId);
  }

  /** A membership ended on this node: typing must ask again (on other nodes the lost channel already stops it). */
  forgetMember(roomId: string, userId: string): void {
    this.recent.forget(roomId, userId);
  }
}
