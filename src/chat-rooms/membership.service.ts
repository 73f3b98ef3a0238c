import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { DomainError, FieldValidationError, permissionDenied } from '../common/errors/domain-error';
import { DomainEvent, MemberEvent, RoomEvent } from '../common/events/domain-events';
import { buildPage, Page, resolveWindow } from '../common/pagination/page';
import { PageQueryDto } from '../common/pagination/page-query.dto';
import { MessageLog } from '../messages/message-log';
import { PresenceStore } from '../presence/presence.store';
import { AddMembersDto, OnlineResponse, UpdateMemberRoleDto, UpdateMyMembershipDto } from './dto/member.dto';
import { MemberResponse } from './dto/member.response';
import { Room } from './entities/room.entity';
import { RoomAccess, roomAccessDenied } from './room-access.service';
import { RoomLimits } from './room-limits';
import { RoomViews } from './room-views';
import { RoomsRepository } from './rooms.repository';
import { invalidPk } from './rooms.service';
import { queryRows } from '../database/query-rows';

export const memberNotFound = () => new DomainError('not_found', 'This user is not a member of the room.');
const alreadyInRoom = () => new DomainError('already_in_room', 'User is already a member of this room.');
export const userBanned = () =>
  new DomainError('user_banned', 'This user is banned from the room; an owner or admin must unban them first.');
const roomFull = () => new DomainError('room_full', 'This room has reached its maximum number of participants.');

@Injectable()
export class MembershipService {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly access: RoomAccess,
    private readonly views: RoomViews,
    private readonly log: MessageLog,
    private readonly presence: PresenceStore,
    private readonly events: EventEmitter2,
    private readonly limits: RoomLimits,
  ) {}

  async list(user: AuthUser, roomId: string, query: PageQueryDto, url: URL): Promise<Page<MemberResponse>> {
    const { room } = await this.access.requireReadable(user, roomId);
    const window = resolveWindow(query, room.participantCount);
    const members = await this.rooms.membersPage(roomId, window.offset, window.pageSize);
    return buildPage(url, window, room.participantCount, await this.views.members(user, members));
  }

  async add(user: AuthUser, roomId: string, dto: AddMembersDto): Promise<MemberResponse[]> {
    const { room, membership } = await this.access.requireRole(user, roomId, 'admin');
    const role = dto.role ?? 'member';
    if (role === 'admin' && this.access.rankOf(user, membership) < RoomAccess.rank('owner')) {
      throw permissionDenied('Only the room owner may add admins.');
    }
    if (room.roomType === 'ONE_TO_ONE') throw new DomainError('room_full', 'A ONE_TO_ONE room has exactly two members.');
    const ids = [...new Set(dto.user_ids)];
    const found = await this.rooms.existingUserIds(ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw invalidPk('user_ids', missing);
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
    for (const member of responses) this.events.emit(DomainEvent.MemberJoined, { roomId, member } satisfies MemberEvent);
    return responses;
  }

  async updateRole(user: AuthUser, roomId: string, targetId: string, dto: UpdateMemberRoleDto): Promise<MemberResponse> {
    const { membership } = await this.access.requireRole(user, roomId, 'admin');
    const rank = this.access.rankOf(user, membership);
    const owner = rank >= RoomAccess.rank('owner');
    const updated = await this.rooms.transaction(async (manager) => {
      await this.rooms.lockRoom(manager, roomId);
      const target = await this.rooms.findMembership(roomId, targetId, manager);
      if (!target) throw memberNotFound();
      if (dto.role === 'owner') {
        if (!owner) throw permissionDenied('Only the room owner may transfer ownership.');
        await manager.query(`UPDATE room_members SET role = 'admin' WHERE room_id = $1 AND role = 'owner'`, [roomId]);
      } else if (target.role === 'owner') {
        throw permissionDenied('Transfer ownership before changing the owner\'s role.');
      } else if (!owner && target.role !== 'member') {
        throw permissionDenied('Room admins may only change the role of members below them.');
      }
      await this.rooms.setRole(manager, roomId, targetId, dto.role);
      return this.rooms.membersWithUsers(roomId, [targetId], manager);
    });
    const [member] = await this.views.members(user, updated);
    this.events.emit(DomainEvent.MemberUpdated, { roomId, member } satisfies MemberEvent);
    return member;
  }

  /** Kick (owner/admin, only members ranked below them); `ban` keeps them out until unbanned. */
  async remove(user: AuthUser, roomId: string, targetId: string, ban: boolean): Promise<void> {
    const { room, membership } = await this.access.requireRole(user, roomId, 'admin');
    if (targetId === user.id) throw FieldValidationError.of('user_id', 'Use POST /rooms/{id}/leave to leave a room.');
    if (room.roomType === 'ONE_TO_ONE') throw new DomainError('cannot_leave', 'Members cannot be removed from a ONE_TO_ONE room.');
    const removed = await this.rooms.transaction(async (manager) => {
      await this.rooms.lockRoom(manager, roomId);
      const [target] = await this.rooms.membersWithUsers(roomId, [targetId], manager);
      if (!target) throw memberNotFound();
      if (this.access.rankOf(user, membership) <= RoomAccess.rank(target.role)) throw permissionDenied('You may only remove members ranked below you.');
      await this.rooms.removeMember(manager, roomId, targetId);
      if (ban) await this.rooms.ban(manager, roomId, targetId, user.id);
      await this.log.system(manager, roomId, user.id, `${user.displayName} removed ${target.user!.displayName}`);
      return target;
    });
    const [member] = await this.views.members(user, [removed]);
    this.events.emit(DomainEvent.MemberLeft, { roomId, member, reason: ban ? 'banned' : 'removed' } satisfies MemberEvent);
  }

  /** Join a public room (support agents: SUPPORT rooms), or any room with a pending invitation. */
  async join(user: AuthUser, roomId: string): Promise<MemberResponse> {
    const context = await this.access.load(user, roomId);
    if (context.membership) throw alreadyInRoom();
    return this.admit(user, context.room, false);
  }

  /** Shared by join and invitation acceptance: checks, row lock, system message, event. */
  async admit(user: AuthUser, room: Room, invited: boolean, manager?: EntityManager): Promise<MemberResponse> {
    const work = async (tx: EntityManager) => {
      const locked = (await this.rooms.lockRoom(tx, room.id))!;
      if (await this.rooms.findMembership(room.id, user.id, tx)) throw alreadyInRoom();
      const pending = await queryRows(
        tx,
        `UPDATE invitations SET status = 'accepted', responded_at = now()
          WHERE room_id = $1 AND invitee_id = $2 AND status = 'pending' RETURNING id`,
        [room.id, user.id],
      );
      const invitedNow = invited || pending.length > 0;
      // An invitation does not lift a ban (only DELETE /rooms/{id}/bans/{user_id} does).
      if (await this.rooms.isBanned(room.id, user.id, tx)) throw new DomainError('banned', 'You are banned from this room.');
      if (!invitedNow) {
        const open = locked.visibility === 'public' || (locked.roomType === 'SUPPORT' && user.userType === 'support');
        if (!open) throw roomAccessDenied();
      }
      this.requireCapacity(locked, 1);
      await this.rooms.addMembers(tx, room.id, [user.id], 'member');
      await this.log.system(tx, room.id, user.id, `${user.displayName} joined the room`);
      return this.rooms.membersWithUsers(room.id, [user.id], tx);
    };
    const rows = manager ? await work(manager) : await this.rooms.transaction(work);
    const [member] = await this.views.members(user, rows);
    this.events.emit(DomainEvent.MemberJoined, { roomId: room.id, member } satisfies MemberEvent);
    return member;
  }

  /**
   * Leaving hands an owner's room to the longest-standing admin, else member;
   * the last member's leaving deletes the room; ONE_TO_ONE rooms cannot be left.
   */
  async leave(user: AuthUser, roomId: string): Promise<void> {
    const { room } = await this.access.requireMember(user, roomId);
    if (room.roomType === 'ONE_TO_ONE') throw new DomainError('cannot_leave', 'A ONE_TO_ONE room cannot be left.');
    const outcome = await this.rooms.transaction(async (manager) => {
      await this.rooms.lockRoom(manager, roomId);
      const [me] = await this.rooms.membersWithUsers(roomId, [user.id], manager);
      if (!me) throw memberNotFound();
      const successor = await this.rooms.successor(manager, roomId, user.id);
      if (!successor) {
        await manager.query(`DELETE FROM rooms WHERE id = $1`, [roomId]);
        return { me, deleted: true, successor: null };
      }
      await this.rooms.removeMember(manager, roomId, user.id);
      if (me.role === 'owner') await this.rooms.setRole(manager, roomId, successor, 'owner');
      await this.log.system(manager, roomId, user.id, `${user.displayName} left the room`);
      const heir = me.role === 'owner' ? await this.rooms.membersWithUsers(roomId, [successor], manager) : [];
      return { me, deleted: false, successor: heir[0] ?? null };
    });
    if (outcome.deleted) {
      this.events.emit(DomainEvent.RoomDeleted, { roomId, memberIds: [user.id] } satisfies RoomEvent);
      return;
    }
    const [member] = await this.views.members(user, [outcome.me]);
    this.events.emit(DomainEvent.MemberLeft, { roomId, member, reason: 'left' } satisfies MemberEvent);
    if (outcome.successor) {
      const [heir] = await this.views.members(user, [outcome.successor]);
      this.events.emit(DomainEvent.MemberUpdated, { roomId, member: heir } satisfies MemberEvent);
    }
  }

  async updateMine(user: AuthUser, roomId: string, dto: UpdateMyMembershipDto): Promise<MemberResponse> {
    await this.access.requireMember(user, roomId);
    await this.rooms.manager.query(
      `UPDATE room_members SET notifications_muted = $3 WHERE room_id = $1 AND user_id = $2`,
      [roomId, user.id, dto.notifications_muted],
    );
    const [member] = await this.views.members(user, await this.rooms.membersWithUsers(roomId, [user.id]));
    this.events.emit(DomainEvent.MemberUpdated, { roomId, member } satisfies MemberEvent);
    return member;
  }

  async online(user: AuthUser, roomId: string): Promise<OnlineResponse> {
    await this.access.requireReadable(user, roomId);
    const online = [...(await this.presence.onlineAmong(await this.rooms.memberIds(roomId)))];
    return { online_users: online, total_online: online.length };
  }

  private requireCapacity(room: Room, adding: number): void {
    if (room.maxParticipants !== null && room.participantCount + adding > room.maxParticipants) throw roomFull();
  }
}
