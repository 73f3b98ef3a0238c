import { Injectable } from '@nestjs/common';
import { AuthUser } from '../../core/auth/auth-user';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { Policy } from '../../core/policy/policy';
import { buildPage, Page, resolveWindow } from '../../core/pagination/page';
import { PageQueryDto } from '../../core/pagination/page-query.dto';
import { MessageLog } from '../messages/store/message-log';
import { PresenceStore } from '../../identity/presence/presence.store';
import { AddMembersDto, OnlineResponse, UpdateMemberRoleDto, UpdateMyMembershipDto } from './dto/member.dto';
import { MemberResponse } from './dto/member.response';
import { Room } from './store/entities/room.entity';
import { RoomContext } from './room-access.service';
import { RoomLimits } from './room-limits';
import { RoomViews } from './room-views';
import { RoomsRepository } from './store/rooms.repository';
import { invalidPk } from './rooms.service';
import type { Tx } from '../../core/database/transaction';
import { AuditLog } from '../../core/audit/audit-log';
import { BlocksService } from '../../identity/blocks/blocks.service';
import { RoomMember, RoomRole } from './store/entities/room-member.entity';
import { memberNotFound, userBanned } from '../../core/errors/errors';
import { DomainEvents } from '../../core/events/domain-event-bus';

const alreadyInRoom = () => new DomainError('already_in_room', 'User is already a member of this room.');
const roomFull = () => new DomainError('room_full', 'This room has reached its maximum number of participants.');

/** A new member, and the pending invitations their joining accepted. */
export interface Admitted {
  member: MemberResponse;
  acceptedInvitationIds: string[];
}

@Injectable()
export class MembershipService {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly views: RoomViews,
    private readonly log: MessageLog,
    private readonly presence: PresenceStore,
    private readonly events: DomainEvents,
    private readonly audit: AuditLog,
    private readonly limits: RoomLimits,
    private readonly blocks: BlocksService,
  ) {}

  async list(user: AuthUser, { room }: RoomContext, query: PageQueryDto, url: URL): Promise<Page<MemberResponse>> {
    const roomId = room.id;
    const window = resolveWindow(query, room.participantCount);
    const members = await this.rooms.membersPage(roomId, window.offset, window.pageSize);
    return buildPage(url, window, room.participantCount, await this.views.members(user, members));
  }

  async add(user: AuthUser, context: RoomContext, dto: AddMembersDto): Promise<MemberResponse[]> {
    const { room } = context;
    const roomId = room.id;
    const role = dto.role ?? 'member';
    Policy.require(user, 'member.add', { ...context, role });
    if (room.roomType === 'ONE_TO_ONE') throw new DomainError('room_full', 'A ONE_TO_ONE room has exactly two members.');
    Policy.require(user, 'room.change', context);
    const ids = [...new Set(dto.user_ids)];
    const found = await this.rooms.existingUserIds(ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw invalidPk('user_ids', missing);
    await this.blocks.requireNotBlockedBy(user.id, ids);
    await this.limits.usersAdded(user, ids);
    const added = await this.rooms.transaction(async (manager) => {
      const locked = (await this.rooms.lockRoom(manager, roomId))!;
      const present = await this.rooms.membersWithUsers(roomId, ids, manager);
      if (present.length) throw alreadyInRoom();
      if ((await this.rooms.bannedAmong(roomId, ids, manager)).length) throw userBanned();
      this.requireCapacity(locked, ids.length);
      await this.rooms.addMembers(manager, roomId, ids, role);
      const members = await this.rooms.membersWithUsers(roomId, ids, manager);
      for (const member of members) {
        await this.log.system(manager, roomId, user.id, `${user.displayName} added ${member.user!.displayName}`);
      }
      return members;
    });
    const responses = await this.views.members(user, added);
    for (const member of responses) this.events.publish('MemberJoined', { roomId, member });
    return responses;
  }

  /** Role change and/or timed mute of one member, with their audit entries, in one transaction. */
  async updateMember(user: AuthUser, context: RoomContext, targetId: string, dto: UpdateMemberRoleDto): Promise<MemberResponse> {
    if (dto.role === undefined && dto.muted_until === undefined) {
      throw FieldValidationError.of('non_field_errors', 'Give a role or muted_until.');
    }
    const { room } = context;
    const roomId = room.id;
    const updated = await this.rooms.transaction(async (manager) => {
      await this.rooms.lockRoom(manager, roomId);
      const [target] = await this.rooms.membersWithUsers(roomId, [targetId], manager);
      if (!target) throw memberNotFound();
      if (dto.role !== undefined && dto.role !== target.role) {
        await this.changeRole(manager, user, context, target.role, targetId, dto.role);
        await this.audit.record(manager, {
          actor: user,
          action: 'member.role_changed',
          room,
          target: { type: 'user', id: targetId, name: target.user!.username },
          reason: dto.reason,
          details: { from: target.role, to: dto.role },
        });
      }
      if (dto.muted_until !== undefined) {
        await this.muteWithin(manager, user, context, target, dto.muted_until === null ? null : new Date(dto.muted_until), dto.reason);
      }
      return this.rooms.membersWithUsers(roomId, [targetId], manager);
    });
    return this.announceUpdated(user, roomId, updated);
  }

  private async changeRole(
    manager: Tx,
    user: AuthUser,
    context: RoomContext,
    currentRole: RoomRole,
    targetId: string,
    role: RoomRole,
  ): Promise<void> {
    const roomId = context.room.id;
    Policy.require(user, 'member.set_role', { ...context, member: { role: currentRole }, to: role });
    if (role === 'owner') {
      await this.rooms.demoteOwner(manager, roomId);
    }
    await this.rooms.setRole(manager, roomId, targetId, role);
  }

  /** Kick (owner/admin, only members ranked below them); `ban` keeps them out until unbanned. */
  async remove(user: AuthUser, context: RoomContext, targetId: string, ban: boolean, reason = ''): Promise<void> {
    const removed = await this.rooms.transaction((manager) => this.removeWithin(manager, user, context, targetId, ban, reason));
    if (removed) await this.announceRemoved(user, context.room.id, removed, ban);
  }

  /** The kick itself, inside the caller's transaction (moderation resolves reports with it); announce after commit. */
  /** The removed member, or null for a ban of someone who already left (nothing to announce). */
  async removeWithin(manager: Tx, user: AuthUser, context: RoomContext, targetId: string, ban: boolean, reason: string): Promise<RoomMember | null> {
    const { room } = context;
    if (targetId === user.id) throw FieldValidationError.of('user_id', 'Use POST /rooms/{id}/leave to leave a room.');
    if (room.roomType === 'ONE_TO_ONE') throw new DomainError('cannot_leave', 'Members cannot be removed from a ONE_TO_ONE room.');
    await this.rooms.lockRoom(manager, room.id);
    const [target] = await this.rooms.membersWithUsers(room.id, [targetId], manager);
    if (!target) {
      // Leaving first must not escape a ban: a user who left can still be banned.
      if (!ban || (await this.rooms.existingUserIds([targetId])).size === 0) throw memberNotFound();
      await this.rooms.ban(manager, room.id, targetId, user.id);
      await this.audit.record(manager, {
        actor: user,
        action: 'member.banned',
        room,
        target: { type: 'user', id: targetId },
        reason,
        details: { was_member: false },
      });
      return null;
    }
    Policy.require(user, 'member.remove', { ...context, member: target });
    await this.rooms.removeMember(manager, room.id, targetId, ban ? 'banned' : 'removed');
    if (ban) await this.rooms.ban(manager, room.id, targetId, user.id);
    await this.log.system(manager, room.id, user.id, `${user.displayName} removed ${target.user!.displayName}`);
    await this.audit.record(manager, {
      actor: user,
      action: ban ? 'member.banned' : 'member.kicked',
      room,
      target: { type: 'user', id: targetId, name: target.user!.username },
      reason,
    });
    return target;
  }

  async announceRemoved(user: AuthUser, roomId: string, removed: RoomMember, ban: boolean): Promise<void> {
    const [member] = await this.views.members(user, [removed]);
    this.events.publish('MemberLeft', { roomId, member, reason: ban ? 'banned' : 'removed' });
  }

  /** A timed mute inside the caller's transaction (null unmutes); members ranked below the caller only. */
  async muteWithin(manager: Tx, user: AuthUser, context: RoomContext, target: RoomMember, until: Date | null, reason = ''): Promise<void> {
    Policy.require(user, 'member.mute', { ...context, member: target });
    await this.rooms.setMutedUntil(manager, context.room.id, target.userId, until);
    await this.audit.record(manager, {
      actor: user,
      action: until && until.getTime() > Date.now() ? 'member.muted' : 'member.unmuted',
      room: context.room,
      target: { type: 'user', id: target.userId, name: target.user?.username ?? null },
      reason,
      details: { muted_until: until?.toISOString() ?? null },
    });
  }

  async announceUpdated(user: AuthUser, roomId: string, updated: RoomMember[]): Promise<MemberResponse> {
    const [member] = await this.views.members(user, updated);
    this.events.publish('MemberUpdated', { roomId, member });
    return member;
  }

  /** Join a public room (support agents: SUPPORT rooms), or any room with a pending invitation (which it accepts). */
  async join(user: AuthUser, context: RoomContext): Promise<Admitted> {
    if (context.membership) throw alreadyInRoom();
    return this.admit(user, context.room, false);
  }

  /** Shared by join and invitation acceptance: checks, row lock, system message, event; the invitations it accepted, to announce. */
  async admit(user: AuthUser, room: Room, invited: boolean, manager?: Tx): Promise<Admitted> {
    const work = async (tx: Tx) => {
      const locked = (await this.rooms.lockRoom(tx, room.id))!;
      Policy.require(user, 'room.change', { room: locked });
      if (await this.rooms.findMembership(room.id, user.id, tx)) throw alreadyInRoom();
      const accepted = await this.rooms.acceptPendingInvitation(tx, room.id, user.id);
      const invitedNow = invited || accepted.length > 0;
      // An invitation does not lift a ban (only DELETE /rooms/{id}/bans/{user_id} does).
      Policy.require(user, 'room.join', { room: locked, banned: await this.rooms.isBanned(room.id, user.id, tx), invited: invitedNow });
      this.requireCapacity(locked, 1);
      await this.rooms.addMembers(tx, room.id, [user.id], 'member');
      await this.log.system(tx, room.id, user.id, `${user.displayName} joined the room`);
      return { rows: await this.rooms.membersWithUsers(room.id, [user.id], tx), accepted };
    };
    const { rows, accepted } = manager ? await work(manager) : await this.rooms.transaction(work);
    const [member] = await this.views.members(user, rows);
    this.events.publish('MemberJoined', { roomId: room.id, member });
    return { member, acceptedInvitationIds: accepted };
  }

  /**
   * Leaving hands an owner's room to the longest-standing admin, else member;
   * the last member's leaving deletes the room; ONE_TO_ONE rooms cannot be left.
   */
  async leave(user: AuthUser, { room }: RoomContext): Promise<void> {
    const roomId = room.id;
    if (room.roomType === 'ONE_TO_ONE') throw new DomainError('cannot_leave', 'A ONE_TO_ONE room cannot be left.');
    const outcome = await this.rooms.transaction(async (manager) => {
      await this.rooms.lockRoom(manager, roomId);
      const [me] = await this.rooms.membersWithUsers(roomId, [user.id], manager);
      if (!me) throw memberNotFound();
      const successor = await this.rooms.successor(manager, roomId, user.id);
      if (!successor) {
        // A room a legal hold applies to stays, empty (docs/compliance.md); the last member leaves as anyone does.
        const deleted = await this.rooms.deleteRoom(manager, roomId);
        if (!deleted.held) return { me, deleted: true, externalId: deleted.externalId, successor: null };
      }
      await this.rooms.removeMember(manager, roomId, user.id, 'left');
      // eslint-disable-next-line no-restricted-syntax -- not a permission: an owner's leaving hands the room on
      const wasOwner = me.role === 'owner';
      if (wasOwner && successor) await this.rooms.setRole(manager, roomId, successor, 'owner');
      await this.log.system(manager, roomId, user.id, `${user.displayName} left the room`);
      const heir = wasOwner && successor ? await this.rooms.membersWithUsers(roomId, [successor], manager) : [];
      return { me, deleted: false, externalId: null, successor: heir[0] ?? null };
    });
    if (outcome.deleted) {
      this.events.publish('RoomDeleted', { roomId, memberIds: [user.id], externalId: outcome.externalId });
      return;
    }
    const [member] = await this.views.members(user, [outcome.me]);
    this.events.publish('MemberLeft', { roomId, member, reason: 'left' });
    if (outcome.successor) {
      const [heir] = await this.views.members(user, [outcome.successor]);
      this.events.publish('MemberUpdated', { roomId, member: heir });
    }
  }

  async updateMine(user: AuthUser, { room }: RoomContext, dto: UpdateMyMembershipDto): Promise<MemberResponse> {
    const roomId = room.id;
    await this.rooms.setNotificationsMuted(roomId, user.id, dto.notifications_muted);
    const [member] = await this.views.members(user, await this.rooms.membersWithUsers(roomId, [user.id]));
    this.events.publish('MemberUpdated', { roomId, member, privateTo: user.id });
    return member;
  }

  async online(user: AuthUser, { room }: RoomContext): Promise<OnlineResponse> {
    const online = [...(await this.presence.onlineAmong(await this.rooms.memberIds(room.id)))];
    return { online_users: online, total_online: online.length };
  }

  private requireCapacity(room: Room, adding: number): void {
    if (room.maxParticipants !== null && room.participantCount + adding > room.maxParticipants) throw roomFull();
  }
}
