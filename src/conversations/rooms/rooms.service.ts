import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AuthUser } from '../../core/auth/auth-user';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { Policy } from '../../core/policy/policy';
import { buildPage, Page, requestedPage, resolveWindow } from '../../core/pagination/page';
import { AppConfig } from '../../core/config/app-config.service';
import type { Tx } from '../../core/database/transaction';
import { newId } from '../../core/database/uuid';
import { MessageLog } from '../messages/store/message-log';
import { CreateRoomDto } from './dto/create-room.dto';
import { InitiateRoomDto } from './dto/direct-room.dto';
import { ListRoomsQuery } from './dto/list-rooms.query';
import { RoomResponse, RoomWithIsNewResponse } from './dto/room.response';
import type { MessageResponse } from '../messages/dto/message.response';
import { UpdateRoomDto } from './dto/update-room.dto';
import { Room, RoomType } from './store/entities/room.entity';
import { RoomContext } from './room-access.service';
import { RoomLimits } from './room-limits';
import { RoomViews } from './room-views';
import { RoomScope, RoomsRepository } from './store/rooms.repository';
import { slugify } from './slug';
import { AuditLog } from '../../core/audit/audit-log';
import { BlocksService } from '../../identity/blocks/blocks.service';
import { legalHoldApplies, userNotFound } from '../../core/errors/errors';
import { DomainEvents } from '../../core/events/domain-event-bus';

export const invalidPk = (field: string, ids: string[]) =>
  new FieldValidationError({ [field]: ids.map((id) => `Invalid pk "${id}" - object does not exist.`) });

interface NewRoom {
  name: string | null;
  roomType: RoomType;
  visibility: 'public' | 'private';
  description?: string;
  meta?: Record<string, unknown>;
  maxParticipants?: number | null;
  directKey?: string;
  participants: string[];
}

@Injectable()
export class RoomsService {
  constructor(
    private readonly rooms: RoomsRepository,
    private readonly views: RoomViews,
    private readonly log: MessageLog,
    private readonly events: DomainEvents,
    private readonly config: AppConfig,
    private readonly audit: AuditLog,
    private readonly blocks: BlocksService,
    private readonly limits: RoomLimits,
  ) {}

  async list(user: AuthUser, query: ListRoomsQuery, url: URL, scope: 'mine' | 'public'): Promise<Page<RoomResponse>> {
    const filters = {
      search: query.search?.trim() || undefined,
      roomType: query.room_type,
      isActive: query.is_active,
      archived: query.archived ?? false,
      ordering: query.ordering,
    };
    const roomScope: RoomScope =
      scope === 'mine' ? { kind: 'mine', userId: user.id } : { kind: 'public', isSupportAgent: Policy.can(user, 'rooms.list_support') };
    // A numbered page is read together with the count; only `last` needs the count first.
    const asked = requestedPage(query);
    const pageIds = (window: { offset: number; pageSize: number }) =>
      this.rooms.roomIdsPage(roomScope, filters, window.offset, window.pageSize, user.id);
    const [count, askedIds] = await Promise.all([
      this.rooms.countRooms(roomScope, filters, user.id),
      asked.page === 'last' ? null : pageIds({ offset: (asked.page - 1) * asked.pageSize, pageSize: asked.pageSize }),
    ]);
    const window = resolveWindow(query, count);
    const ids = askedIds ?? (await pageIds(window));
    const found = await this.rooms.roomsWithMembership(ids, user.id);
    const results = await this.views.many(
      user,
      found.map((f) => f.room),
      new Map(found.map((f) => [f.room.id, f.membership])),
    );
    return buildPage(url, window, count, results);
  }

  /** `shown`: messages of the room the caller is viewing anyway (RoomViews: its last message is not read again). */
  async get(user: AuthUser, { room, membership }: RoomContext, shown?: Promise<MessageResponse[]>): Promise<RoomResponse> {
    return this.views.one(user, room, membership, shown);
  }

  /** 201 with the new room; a ONE_TO_ONE request behaves like `direct` (200 when the room exists). */
  async create(user: AuthUser, dto: CreateRoomDto): Promise<{ isNew: boolean; room: RoomResponse }> {
    const participants = [...new Set(dto.participants ?? [])].filter((id) => id !== user.id);
    if (dto.room_type === 'ONE_TO_ONE') {
      if (participants.length !== 1 || dto.visibility === 'public') {
        throw FieldValidationError.of('participants', 'A ONE_TO_ONE room is private and has exactly one other participant.');
      }
      const result = await this.direct(user, participants[0]);
      return { isNew: result.is_new, room: result.room };
    }
    const visibility = dto.visibility ?? 'private';
    if (visibility === 'public' && !dto.name) throw FieldValidationError.of('name', 'This field is required.');
    if (visibility === 'public') Policy.require(user, 'rooms.create_public', { adminOnly: this.config.get('PUBLIC_ROOMS_ADMIN_ONLY') });
    await this.requireUsers('participants', participants);
    await this.blocks.requireNotBlockedBy(user.id, participants);
    if (dto.max_participants !== undefined && dto.max_participants < participants.length + 1) {
      throw FieldValidationError.of('max_participants', `Ensure this value is at least ${participants.length + 1}.`);
    }
    const room = await this.createRoom(user, {
      name: dto.name || null,
      roomType: dto.room_type,
      visibility,
      description: dto.description,
      meta: dto.meta,
      maxParticipants: dto.max_participants ?? null,
      participants,
    });
    return { isNew: true, room: await this.views.one(user, room) };
  }

  /** The one ONE_TO_ONE room of two users; race-safe through the unique direct_key. */
  async direct(user: AuthUser, otherId: string): Promise<RoomWithIsNewResponse> {
    if (otherId === user.id) throw FieldValidationError.of('user_id', 'You cannot start a direct conversation with yourself.');
    if ((await this.rooms.existingUserIds([otherId])).size === 0) throw userNotFound();
    await this.blocks.requireNotBlocked(user.id, otherId);
    const directKey = [user.id, otherId].sort().join(':');
    const existing = await this.rooms.findDirectRoom(directKey);
    if (existing) return { is_new: false, room: await this.views.one(user, existing) };
    const created = await this.createRoom(user, {
      name: null,
      roomType: 'ONE_TO_ONE',
      visibility: 'private',
      directKey,
      participants: [otherId],
    });
    if (created) return { is_new: true, room: await this.views.one(user, created) };
    // A simultaneous request created it first.
    return { is_new: false, room: await this.views.one(user, (await this.rooms.findDirectRoom(directKey))!) };
  }

  async initiate(user: AuthUser, dto: InitiateRoomDto): Promise<RoomWithIsNewResponse> {
    const others = [...new Set(dto.user_ids)].filter((id) => id !== user.id);
    if (others.length === 0) throw FieldValidationError.of('user_ids', 'Name at least one other user.');
    await this.requireUsers('user_ids', others);
    await this.blocks.requireNotBlockedBy(user.id, others);
    if (dto.room_type === 'ONE_TO_ONE') {
      if (others.length !== 1) throw FieldValidationError.of('user_ids', 'A ONE_TO_ONE room has exactly one other user.');
      return this.direct(user, others[0]);
    }
    const existing = await this.rooms.findByExactMembers(dto.room_type, [user.id, ...others], user.id);
    if (existing) return { is_new: false, room: await this.views.one(user, existing) };
    const room = await this.createRoom(user, { name: null, roomType: dto.room_type, visibility: 'private', participants: others });
    return { is_new: true, room: await this.views.one(user, room) };
  }

  async update(user: AuthUser, { room }: RoomContext, dto: UpdateRoomDto): Promise<RoomResponse> {
    const roomId = room.id;
    const visibility = dto.visibility ?? room.visibility;
    const name = dto.name !== undefined ? dto.name || null : room.name;
    if (room.roomType === 'ONE_TO_ONE' && (visibility === 'public' || dto.name)) {
      throw FieldValidationError.of('non_field_errors', 'A ONE_TO_ONE room cannot be named or made public.');
    }
    if (visibility === 'public' && !name) throw FieldValidationError.of('name', 'A public room needs a name.');
    if (dto.max_participants !== undefined && dto.max_participants < room.participantCount) {
      throw FieldValidationError.of('max_participants', `Ensure this value is at least ${room.participantCount}.`);
    }
    const renamed = name !== room.name;
    const updated = await this.rooms.transaction(async (manager) => {
      const locked = (await this.rooms.lockRoom(manager, roomId))!;
      Object.assign(locked, {
        name,
        visibility,
        description: dto.description ?? locked.description,
        meta: dto.meta ?? locked.meta,
        maxParticipants: dto.max_participants ?? locked.maxParticipants,
        posting: dto.posting ?? locked.posting,
        slowModeSeconds: dto.slow_mode_seconds ?? locked.slowModeSeconds,
        retentionDays: dto.retention_days !== undefined ? dto.retention_days : locked.retentionDays,
      });
      if (visibility === 'private') locked.slug = null;
      else if (renamed || !locked.slug) locked.slug = await this.uniqueSlug(manager, name!, locked.id);
      await this.rooms.saveRoom(manager, locked);
      if (renamed) {
        await this.log.system(manager, roomId, user.id, `${user.displayName} renamed the room to "${name ?? ''}"`);
      }
      await this.audit.record(manager, { actor: user, action: 'room.updated', room: { id: roomId, name }, details: changedFields(dto) });
      return (await this.rooms.findRoom(roomId, manager))!;
    });
    this.events.publish('RoomUpdated', { roomId });
    return this.views.one(user, updated);
  }

  async remove(user: AuthUser, { room }: RoomContext): Promise<void> {
    const roomId = room.id;
    const memberIds = await this.rooms.memberIds(roomId);
    const externalId = await this.rooms.transaction(async (manager) => {
      const deleted = await this.rooms.deleteRoom(manager, roomId);
      if (deleted.held) throw legalHoldApplies('room');
      await this.audit.record(manager, { actor: user, action: 'room.deleted', room, details: { participant_count: room.participantCount } });
      return deleted.externalId;
    });
    this.events.publish('RoomDeleted', { roomId, memberIds, externalId });
  }

  async setActive(user: AuthUser, { room }: RoomContext, isActive: boolean): Promise<RoomResponse> {
    const roomId = room.id;
    await this.rooms.transaction(async (manager) => {
      await this.rooms.setActive(manager, roomId, isActive);
      await this.audit.record(manager, { actor: user, action: isActive ? 'room.activated' : 'room.deactivated', room });
    });
    this.events.publish('RoomUpdated', { roomId });
    return this.views.one(user, (await this.rooms.findRoom(roomId))!);
  }

  /** Archive (read-only for everyone, listed apart) or bring back; owners, admins and global admins. */
  async setArchived(user: AuthUser, { room }: RoomContext, archived: boolean, reason = ''): Promise<RoomResponse> {
    const roomId = room.id;
    if ((room.archivedAt !== null) !== archived) {
      await this.rooms.transaction(async (manager) => {
        await this.rooms.setArchived(manager, roomId, archived);
        await this.audit.record(manager, { actor: user, action: archived ? 'room.archived' : 'room.unarchived', room, reason });
      });
      this.events.publish('RoomUpdated', { roomId });
    }
    return this.views.one(user, (await this.rooms.findRoom(roomId))!);
  }

  private async requireUsers(field: string, ids: string[]): Promise<void> {
    const found = await this.rooms.existingUserIds(ids);
    const missing = ids.filter((id) => !found.has(id));
    if (missing.length) throw invalidPk(field, missing);
  }

  /**
   * Room, members and the "created" system message (seq 1) in one
   * transaction. For a direct room a concurrent twin wins quietly: null.
   */
  private async createRoom(user: AuthUser, spec: NewRoom & { directKey: string }): Promise<Room | null>;
  private async createRoom(user: AuthUser, spec: NewRoom): Promise<Room>;
  private async createRoom(user: AuthUser, spec: NewRoom): Promise<Room | null> {
    await this.limits.roomCreated(user);
    // A direct room is the pair's own; anyone else named is put in without being asked.
    if (!spec.directKey) await this.limits.usersAdded(user, spec.participants);
    for (let attempt = 0; ; attempt += 1) {
      try {
        const created = await this.rooms.transaction(async (manager) => {
          const id = newId();
          const slug = spec.visibility === 'public' ? await this.uniqueSlug(manager, spec.name!, id) : null;
          const inserted = await this.rooms.insertRoom(manager, {
            id,
            name: spec.name,
            slug,
            description: spec.description ?? '',
            roomType: spec.roomType,
            visibility: spec.visibility,
            meta: spec.meta ?? {},
            maxParticipants: spec.maxParticipants ?? null,
            createdBy: user.id,
            directKey: spec.directKey ?? null,
          });
          if (!inserted) return null;
          await this.rooms.addMembers(manager, id, [user.id], 'owner');
          await this.rooms.addMembers(manager, id, spec.participants, 'member');
          await this.log.system(manager, id, user.id, `${user.displayName} created the room`);
          return (await this.rooms.findRoom(id, manager))!;
        });
        // After commit: the members' live sockets join the new room's channel at once.
        if (created) this.events.publish('RoomCreated', { roomId: created.id, memberIds: [user.id, ...spec.participants] });
        return created;
      } catch (error) {
        const constraint = (error as QueryFailedError & { driverError?: { constraint?: string } }).driverError?.constraint;
        if (constraint === 'uq_rooms_direct_key' && spec.directKey) return null;
        if (constraint === 'uq_rooms_slug' && attempt < 3) continue;
        throw error;
      }
    }
  }

  private async uniqueSlug(manager: Tx, name: string, roomId: string): Promise<string> {
    const base = slugify(name);
    for (let n = 1; n < 1000; n += 1) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!(await this.rooms.slugTaken(manager, candidate, roomId))) return candidate;
    }
    throw new DomainError('conflict', 'Could not find a free slug for this name.');
  }
}

/** The settings a PATCH changed, for the audit entry (meta and description by name only). */
function changedFields(dto: UpdateRoomDto): Record<string, unknown> {
  const { meta, description, ...rest } = dto;
  return { ...rest, ...(meta !== undefined ? { meta: 'changed' } : {}), ...(description !== undefined ? { description: 'changed' } : {}) };
}
