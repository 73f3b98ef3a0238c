import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../core/audit/audit-log';
import { AuthUser } from '../../core/auth/auth-user';
import { newId } from '../../core/database/uuid';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { organizationNotFound, roomNotFound, userNotFound } from '../../core/errors/errors';
import { OrganizationScope } from '../../core/database/organization-scope';
import { IdCursorQuery } from '../../core/pagination/id-cursor.query';
import { Policy } from '../../core/policy/policy';
import { CreateLegalHoldDto, LegalHoldPageResponse, LegalHoldResponse, toLegalHoldResponse } from './dto/legal-hold.dto';
import { LegalHoldsRepository } from './store/legal-holds.repository';

const DEFAULT_LIMIT = 50;

/**
 * Legal holds (docs/compliance.md), by global admins: placing one names users and rooms whose
 * records retention, erasure and room deletion then keep (the predicates those statements share
 * live in core/legal-hold); releasing one makes them subject to retention again. Each change and
 * its audit entry commit together.
 */
@Injectable()
export class LegalHoldsService {
  constructor(
    private readonly holds: LegalHoldsRepository,
    private readonly audit: AuditLog,
  ) {}

  async create(viewer: AuthUser, dto: CreateLegalHoldDto): Promise<LegalHoldResponse> {
    Policy.require(viewer, 'compliance.manage');
    const userIds = [...new Set(dto.user_ids ?? [])];
    const roomIds = [...new Set(dto.room_ids ?? [])];
    const organizationId = dto.organization_id;
    if (userIds.length === 0 && roomIds.length === 0 && !organizationId) {
      throw FieldValidationError.of(
        'non_field_errors',
        'Name an organization (organization_id), or at least one user (user_ids) or room (room_ids).',
      );
    }
    if (organizationId) Policy.require(viewer, 'organizations.manage', { organizationId });
    const id = newId();
    // The hold is its organization's row: an operator's hold on another organization is written in it.
    const place = () => this.placeHold(viewer, dto, id, organizationId, userIds, roomIds);
    const hold = organizationId ? await OrganizationScope.run(organizationId, place) : await place();
    return toLegalHoldResponse(hold);
  }

  private placeHold(viewer: AuthUser, dto: CreateLegalHoldDto, id: string, organizationId: string | undefined, userIds: string[], roomIds: string[]) {
    return this.holds.transaction(async (tx) => {
      if (organizationId && !(await this.holds.organizationExists(tx, organizationId))) throw organizationNotFound();
      const { missingUsers, missingRooms } = await this.holds.lockTargets(tx, userIds, roomIds);
      if (missingUsers.length > 0) throw userNotFound();
      if (missingRooms.length > 0) throw roomNotFound();
      await this.holds.insert(tx, {
        id,
        name: dto.name,
        reason: dto.reason,
        createdBy: viewer.id,
        organizationWide: Boolean(organizationId),
        userIds,
        roomIds,
      });
      await this.audit.record(tx, {
        actor: viewer,
        action: 'legal_hold.created',
        target: { type: 'legal_hold', id, name: dto.name },
        reason: dto.reason,
        details: { user_ids: userIds, room_ids: roomIds, organization_id: organizationId ?? null },
      });
      return (await this.holds.find(id, tx))!;
    });
  }

  async list(viewer: AuthUser, query: IdCursorQuery, url: URL): Promise<LegalHoldPageResponse> {
    Policy.require(viewer, 'compliance.manage');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.holds.page(query.before, limit);
    let next: string | null = null;
    if (rows.length === limit) {
      const link = new URL(url.toString());
      link.searchParams.set('before', rows[rows.length - 1].id);
      next = link.toString();
    }
    return { next, results: rows.map(toLegalHoldResponse) };
  }

  async get(viewer: AuthUser, id: string): Promise<LegalHoldResponse> {
    Policy.require(viewer, 'compliance.manage');
    const hold = await this.holds.find(id);
    if (!hold) throw holdNotFound();
    return toLegalHoldResponse(hold);
  }

  /** Ends the hold (audited): its records are subject to retention again from the next sweep. 409 when already released. */
  async release(viewer: AuthUser, id: string): Promise<LegalHoldResponse> {
    Policy.require(viewer, 'compliance.manage');
    const hold = await this.holds.transaction(async (tx) => {
      const found = await this.holds.find(id, tx);
      if (!found) throw holdNotFound();
      if (!(await this.holds.release(tx, id, viewer.id))) throw new DomainError('conflict', 'This legal hold is already released.');
      await this.audit.record(tx, { actor: viewer, action: 'legal_hold.released', target: { type: 'legal_hold', id, name: found.name } });
      return (await this.holds.find(id, tx))!;
    });
    return toLegalHoldResponse(hold);
  }
}

const holdNotFound = () => new DomainError('not_found', 'Legal hold not found.');
