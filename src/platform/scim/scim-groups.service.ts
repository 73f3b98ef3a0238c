import { Injectable } from '@nestjs/common';
import { RoomRole } from '../../conversations/rooms/store/entities/room-member.entity';
import { RoomsRepository } from '../../conversations/rooms/store/rooms.repository';
import { newId } from '../../core/database/uuid';
import { legalHoldApplies, preconditionFailed } from '../../core/errors/errors';
import { DomainEvents } from '../../core/events/domain-event-bus';
import { RosterService } from '../integrations/roster.service';
import type { ApiKey } from '../integrations/store/entities/api-key.entity';
import { ScimError } from './scim-error';
import { applyPatch, LIST_SCHEMA, paging, parseFilter, readGroup } from './scim-input';
import { ifMatchHolds, ListQuery } from './scim-users.service';
import { toScimGroup, versionOf } from './scim-views';
import { ScimGroupRow, ScimRepository } from './store/scim.repository';

type Json = Record<string, unknown>;

/** The most members one Group body may name (one roster diff, one transaction). */
export const MAX_GROUP_MEMBERS = 10_000;

interface GroupInput {
  displayName: string;
  externalId: string | null;
  members: string[];
}

/**
 * SCIM Groups: each is a private GROUP room the provisioning client (API key) made; its members
 * are the room's members, applied through the server API's transactional roster diff
 * (RosterService.apply: adds, removals, system messages, MemberJoined/MemberLeft). docs/scim.md.
 */
@Injectable()
export class ScimGroupsService {
  constructor(
    private readonly scim: ScimRepository,
    private readonly rooms: RoomsRepository,
    private readonly roster: RosterService,
    private readonly events: DomainEvents,
  ) {}

  async list(query: ListQuery & { excludedAttributes?: string }, base: string): Promise<Json> {
    const filter = parseFilter(query.filter);
    const { offset, limit, startIndex } = paging(query.startIndex, query.count);
    const { rows, total } = await this.scim.groupsPage(filter, offset, limit);
    const resources = await this.render(rows, base, excludesMembers(query.excludedAttributes));
    return { schemas: [LIST_SCHEMA], totalResults: total, startIndex, itemsPerPage: rows.length, Resources: resources };
  }

  async get(id: string, base: string, excludedAttributes?: string): Promise<Json> {
    return (await this.render([await this.require(id)], base, excludesMembers(excludedAttributes)))[0];
  }

  async create(key: ApiKey, body: unknown, base: string): Promise<Json> {
    const input = await this.inputOf(readGroup(body));
    const roomId = newId();
    await this.scim.transaction(async (manager) => {
      await this.rooms.insertRoom(manager, {
        id: roomId,
        name: input.displayName,
        slug: null,
        description: '',
        roomType: 'GROUP',
        visibility: 'private',
        meta: {},
        maxParticipants: null,
        createdBy: null,
        directKey: null,
      });
      await this.scim.insertGroup(manager, { roomId, apiKeyId: key.id, externalId: input.externalId });
    });
    this.events.publish('RoomCreated', { roomId });
    const wanted = await this.wanted(roomId, input.members);
    await this.roster.apply(roomId, () => wanted);
    return this.get(roomId, base);
  }

  async replace(id: string, body: unknown, ifMatch: string | undefined, base: string): Promise<Json> {
    await this.write(id, await this.inputOf(readGroup(body)), ifMatch, base);
    return this.get(id, base);
  }

  /** Entra ID adds and removes members one PATCH at a time (`members[value eq "..."]`); scimmy applies them to the Group as it is. */
  async patch(id: string, body: unknown, ifMatch: string | undefined, base: string): Promise<Json> {
    const { meta: _meta, ...current } = await this.get(id, base);
    const patched = readGroup(await applyPatch('Group', current, body));
    await this.write(id, await this.inputOf(patched), ifMatch, base);
    return this.get(id, base);
  }

  async remove(id: string, ifMatch: string | undefined, base: string): Promise<void> {
    await this.checkVersion(id, ifMatch, base);
    const memberIds = await this.rooms.memberIds(id);
    const externalId = await this.scim.transaction(async (manager) => {
      const deleted = await this.rooms.deleteRoom(manager, id);
      if (deleted.held) throw legalHoldApplies('room');
      return deleted.externalId;
    });
    this.events.publish('RoomDeleted', { roomId: id, memberIds, externalId });
  }

  private async write(id: string, input: GroupInput, ifMatch: string | undefined, base: string): Promise<void> {
    await this.checkVersion(id, ifMatch, base);
    await this.scim.transaction((manager) => this.scim.updateGroup(manager, id, input.displayName, input.externalId));
    this.events.publish('RoomUpdated', { roomId: id });
    const wanted = await this.wanted(id, input.members);
    await this.roster.apply(id, () => wanted);
  }

  private async checkVersion(id: string, ifMatch: string | undefined, base: string): Promise<void> {
    if (ifMatch === undefined) {
      await this.require(id);
      return;
    }
    if (!ifMatchHolds(ifMatch, versionOf(await this.get(id, base)))) throw preconditionFailed();
  }

  /** The members wanted: those already in the room keep their role, new ones join as members. */
  private async wanted(roomId: string, members: string[]): Promise<Map<string, RoomRole>> {
    const current = (await this.rooms.membersWithUsers(roomId, members)).reduce(
      (m, member) => m.set(member.userId, member.role),
      new Map<string, RoomRole>(),
    );
    return new Map(members.map((userId) => [userId, current.get(userId) ?? 'member']));
  }

  private async inputOf(group: Json): Promise<GroupInput> {
    const displayName = typeof group.displayName === 'string' ? group.displayName.trim() : '';
    if (!displayName || displayName.length > 150) throw ScimError.invalidValue('displayName is required (at most 150 characters).');
    const externalId = typeof group.externalId === 'string' && group.externalId !== '' ? group.externalId.slice(0, 255) : null;
    const values = Array.isArray(group.members) ? (group.members as Json[]).map((m) => String(m.value ?? '').toLowerCase()) : [];
    const members = [...new Set(values)];
    if (members.length > MAX_GROUP_MEMBERS) throw new ScimError('invalid', `A Group has at most ${MAX_GROUP_MEMBERS} members.`, 'tooMany');
    const uuids = members.filter((v) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(v));
    const known = await this.scim.existingUserIds(uuids);
    const unknown = members.filter((v) => !known.has(v));
    if (unknown.length) throw ScimError.invalidValue(`members name no User of this service: ${unknown.slice(0, 5).join(', ')}.`);
    return { displayName, externalId, members };
  }

  private async render(rows: ScimGroupRow[], base: string, withoutMembers: boolean): Promise<Json[]> {
    const members = await this.scim.groupMembers(rows.map((r) => r.room_id));
    return rows.map((row) => {
      const group = toScimGroup(row, members.get(row.room_id) ?? [], base);
      if (withoutMembers) delete group.members;
      return group;
    });
  }

  private async require(id: string): Promise<ScimGroupRow> {
    const row = /^[0-9a-f-]{36}$/i.test(id) ? await this.scim.findGroup(id.toLowerCase()) : null;
    if (!row) throw ScimError.notFound('Group', id);
    return row;
  }
}

function excludesMembers(excluded: string | undefined): boolean {
  return (excluded ?? '').split(',').some((a) => a.trim().toLowerCase() === 'members');
}
