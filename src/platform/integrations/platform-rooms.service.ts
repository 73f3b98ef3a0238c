import { Injectable } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { RoomResponse } from '../../conversations/rooms/dto/room.response';
import { RoomViews } from '../../conversations/rooms/room-views';
import { RoomsRepository } from '../../conversations/rooms/store/rooms.repository';
import { slugify } from '../../conversations/rooms/slug';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import type { Tx } from '../../core/database/transaction';
import { newId } from '../../core/database/uuid';
import { MessageLog } from '../../conversations/messages/store/message-log';
import { UpsertPlatformRoomDto } from './dto/platform.dto';
import { PlatformRoomResponse } from './dto/platform.response';
import { PLATFORM_VIEWER } from './platform-viewer';
import { PlatformRepository, PlatformRoomFields } from './store/platform.repository';
import { roomNotFound } from '../../core/errors/errors';
import { DomainEvents } from '../../core/events/domain-event-bus';

/** Rooms keyed by the platform's ids (a COURSE room per course), created or updated idempotently. */
@Injectable()
export class PlatformRoomsService {
  constructor(
    private readonly platform: PlatformRepository,
    private readonly rooms: RoomsRepository,
    private readonly views: RoomViews,
    private readonly log: MessageLog,
    private readonly events: DomainEvents,
  ) {}

  async upsert(externalId: string, dto: UpsertPlatformRoomDto): Promise<PlatformRoomResponse> {
    for (let attempt = 0; ; attempt += 1) {
      try {
        const outcome = await this.platform.transaction((manager) => this.write(manager, externalId, dto));
        if (outcome.changed && !outcome.created) this.events.publish('RoomUpdated', { roomId: outcome.roomId });
        return { external_id: externalId, created: outcome.created, room: await this.view(outcome.roomId) };
      } catch (error) {
        // A concurrent upsert of the same external id (or slug) won: the next round updates instead.
        if (!(error instanceof QueryFailedError) || attempt >= 2) throw error;
      }
    }
  }

  async roomIdOf(externalId: string): Promise<string> {
    const id = await this.platform.roomIdOf(externalId);
    if (!id) throw roomNotFound();
    return id;
  }

  async view(roomId: string): Promise<RoomResponse> {
    const room = await this.rooms.findRoom(roomId);
    if (!room) throw roomNotFound();
    return this.views.one(PLATFORM_VIEWER, room, null);
  }

  private async write(manager: Tx, externalId: string, dto: UpsertPlatformRoomDto) {
    const existingId = await this.platform.roomIdOf(externalId, manager);
    const current = existingId ? await this.rooms.lockRoom(manager, existingId) : null;
    const roomId = current?.id ?? newId();
    const visibility = dto.visibility ?? current?.visibility ?? 'private';
    const fields: PlatformRoomFields = {
      name: dto.name,
      roomType: dto.room_type ?? current?.roomType ?? 'COURSE',
      visibility,
      slug: visibility === 'public' ? await this.slugFor(manager, dto.name, roomId, current?.slug ?? null, current?.name ?? null) : null,
      description: dto.description ?? current?.description ?? '',
      meta: dto.meta ?? current?.meta ?? {},
      isActive: dto.is_active ?? current?.isActive ?? true,
      maxParticipants: dto.max_participants ?? current?.maxParticipants ?? null,
    };
    if (fields.maxParticipants !== null && current && fields.maxParticipants < current.participantCount) {
      throw FieldValidationError.of('max_participants', `Ensure this value is at least ${current.participantCount}.`);
    }
    if (!current) {
      await this.platform.insertRoom(manager, roomId, externalId, fields);
      await this.log.system(manager, roomId, null, `The room "${fields.name}" was created`);
      return { roomId, created: true, changed: true };
    }
    if (current.roomType === 'ONE_TO_ONE') throw new DomainError('conflict', 'A ONE_TO_ONE room cannot be managed by the platform.');
    const changed =
      current.name !== fields.name ||
      current.roomType !== fields.roomType ||
      current.visibility !== fields.visibility ||
      current.slug !== fields.slug ||
      current.description !== fields.description ||
      current.isActive !== fields.isActive ||
      current.maxParticipants !== fields.maxParticipants ||
      JSON.stringify(current.meta) !== JSON.stringify(fields.meta);
    if (!changed) return { roomId, created: false, changed: false };
    await this.platform.updateRoom(manager, roomId, fields);
    if (current.name !== fields.name) await this.log.system(manager, roomId, null, `The room was renamed to "${fields.name}"`);
    return { roomId, created: false, changed: true };
  }

  /** The room keeps its slug while its name stays; otherwise the first free `name`, `name-2`, ... */
  private async slugFor(manager: Tx, name: string, roomId: string, slug: string | null, oldName: string | null): Promise<string> {
    if (slug && oldName === name) return slug;
    const base = slugify(name);
    for (let n = 1; n < 1000; n += 1) {
      const candidate = n === 1 ? base : `${base}-${n}`;
      if (!(await this.platform.slugTaken(manager, candidate, roomId))) return candidate;
    }
    throw new DomainError('conflict', 'Could not find a free slug for this name.');
  }
}
