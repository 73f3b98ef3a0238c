import { Injectable } from '@nestjs/common';
import type { Tx } from '../../core/database/transaction';
import { RoomMember, RoomRole } from '../../conversations/rooms/store/entities/room-member.entity';
import { RoomViews } from '../../conversations/rooms/room-views';
import { RoomsRepository } from '../../conversations/rooms/store/rooms.repository';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { ExternalIdentitiesRepository } from '../../identity/auth/store/external-identities.repository';
import { PLATFORM_ISSUER } from '../../identity/auth/external/external-users.service';
import { MessageLog } from '../../conversations/messages/store/message-log';
import { PutRosterDto } from './dto/platform.dto';
import { RosterResponse } from './dto/platform.response';
import { PlatformRoomsService } from './platform-rooms.service';
import { PLATFORM_VIEWER } from './platform-viewer';
import { PlatformRepository } from './store/platform.repository';
import { roomNotFound } from '../../core/errors/errors';
import { DomainEvents } from '../../core/events/domain-event-bus';

export interface RosterDiff {
  add: Map<string, RoomRole>;
  remove: string[];
  roles: { userId: string; role: RoomRole }[];
  unchanged: number;
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * A room's full member list from the platform: only the difference is applied
 * (adds, removals, role changes), in one transaction under the room's row lock,
 * with one system message per kind of change, and the usual events after commit.
 */
@Injectable()
export class RosterService {
  constructor(
    private readonly platformRooms: PlatformRoomsService,
    private readonly platform: PlatformRepository,
    private readonly identities: ExternalIdentitiesRepository,
    private readonly rooms: RoomsRepository,
    private readonly views: RoomViews,
    private readonly log: MessageLog,
    private readonly events: DomainEvents,
  ) {}

  async put(externalRoomId: string, dto: PutRosterDto): Promise<RosterResponse> {
    const roomId = await this.platformRooms.roomIdOf(externalRoomId);
    const wanted = await this.resolve(dto);
    return this.apply(roomId, () => wanted);
  }

  /**
   * Applies a member list (user id -> role) to a room by its id: `wantedOf` is given the current
   * members inside the room's lock, so a list built from them (one member more: an LTI launch)
   * cannot undo a concurrent change. Other systems' rosters (LTI's NRPS) come through here too.
   */
  async apply(roomId: string, wantedOf: (current: Map<string, RoomRole>) => Map<string, RoomRole>): Promise<RosterResponse> {
    const { response, publish } = await this.platform.transaction((manager) => this.applyIn(manager, roomId, wantedOf));
    await publish();
    return response;
  }

  /** `apply` inside a transaction the caller holds: `publish` sends the events once that has committed. */
  async applyIn(
    manager: Tx,
    roomId: string,
    wantedOf: (current: Map<string, RoomRole>) => Map<string, RoomRole>,
  ): Promise<{ response: RosterResponse; publish: () => Promise<void> }> {
    const room = await this.rooms.lockRoom(manager, roomId);
    if (!room) throw roomNotFound();
    const current = await this.platform.members(manager, roomId);
    const diff = diffOf(current, wantedOf(current));
    const size = room.participantCount + diff.add.size - diff.remove.length;
    if (room.maxParticipants !== null && size > room.maxParticipants) {
      throw new DomainError('room_full', 'This room has reached its maximum number of participants.');
    }
    const removed = await this.rooms.membersWithUsers(roomId, diff.remove, manager);
    await this.platform.removeMembers(manager, roomId, diff.remove);
    for (const role of ['owner', 'admin', 'member'] as const) {
      await this.rooms.addMembers(
        manager,
        roomId,
        [...diff.add].filter(([, r]) => r === role).map(([id]) => id),
        role,
      );
    }
    await this.platform.setRoles(manager, roomId, diff.roles);
    if (diff.add.size) await this.log.system(manager, roomId, null, `The platform added ${plural(diff.add.size, 'member')}`);
    if (diff.remove.length) await this.log.system(manager, roomId, null, `The platform removed ${plural(diff.remove.length, 'member')}`);
    if (diff.roles.length) await this.log.system(manager, roomId, null, `The platform changed the role of ${plural(diff.roles.length, 'member')}`);
    const changed = await this.rooms.membersWithUsers(roomId, [...diff.add.keys(), ...diff.roles.map((c) => c.userId)], manager);
    return {
      response: { added: diff.add.size, removed: diff.remove.length, role_changed: diff.roles.length, unchanged: diff.unchanged },
      publish: () => this.publish(roomId, diff, removed, changed),
    };
  }

  /**
   * Takes a user out of every room they are in, in the caller's transaction (SCIM deactivation where the
   * organization's `scim_deactivation` is `leave_rooms`, docs/scim.md): each room as a roster change,
   * locked in id order. The returned function publishes the events once the transaction has committed.
   */
  async removeEverywhere(manager: Tx, userId: string): Promise<() => Promise<void>> {
    const publishes: (() => Promise<void>)[] = [];
    for (const roomId of await this.platform.roomIdsOfMember(manager, userId)) {
      const { publish } = await this.applyIn(manager, roomId, (current) => {
        const wanted = new Map(current);
        wanted.delete(userId);
        return wanted;
      });
      publishes.push(publish);
    }
    return async () => {
      for (const publish of publishes) await publish();
    };
  }

  /** External ids -> user ids; unknown ones are a 400 naming each. Duplicates: the last entry wins. */
  private async resolve(dto: PutRosterDto): Promise<Map<string, RoomRole>> {
    const subjects = [...new Set(dto.members.map((m) => m.external_id))];
    const known = await this.identities.userIdsBySubject(PLATFORM_ISSUER, subjects);
    const missing = subjects.filter((s) => !known.has(s));
    if (missing.length) {
      throw new FieldValidationError({ members: missing.slice(0, 20).map((s) => `Unknown user external_id "${s}".`) });
    }
    const wanted = new Map<string, RoomRole>();
    for (const m of dto.members) wanted.set(known.get(m.external_id)!, m.role ?? 'member');
    if ([...wanted.values()].filter((r) => r === 'owner').length > 1) {
      throw FieldValidationError.of('members', 'A room has at most one owner.');
    }
    return wanted;
  }

  private async publish(roomId: string, diff: RosterDiff, removed: RoomMember[], changed: RoomMember[]): Promise<void> {
    const [left, current] = await Promise.all([this.views.members(PLATFORM_VIEWER, removed), this.views.members(PLATFORM_VIEWER, changed)]);
    for (const member of left) this.events.publish('MemberLeft', { roomId, member, reason: 'removed' });
    for (const member of current) {
      this.events.publish(diff.add.has(member.user.id) ? 'MemberJoined' : 'MemberUpdated', { roomId, member });
    }
  }
}

/** What turns `current` into `wanted` (user id -> role). */
export function diffOf(current: Map<string, RoomRole>, wanted: Map<string, RoomRole>): RosterDiff {
  const diff: RosterDiff = { add: new Map(), remove: [], roles: [], unchanged: 0 };
  for (const [userId, role] of wanted) {
    const now = current.get(userId);
    if (now === undefined) diff.add.set(userId, role);
    else if (now !== role) diff.roles.push({ userId, role });
    else diff.unchanged += 1;
  }
  for (const userId of current.keys()) if (!wanted.has(userId)) diff.remove.push(userId);
  return diff;
}
