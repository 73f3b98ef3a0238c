import { Injectable } from '@nestjs/common';
import { AuditLog } from '../../core/audit/audit-log';
import { AuthUser } from '../../core/auth/auth-user';
import { RoomAccess, RoomContext } from '../rooms/room-access.service';
import { RoomsRepository } from '../rooms/store/rooms.repository';
import { MembershipService } from '../rooms/membership.service';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { Policy } from '../../core/policy/policy';
import { UserLimits } from '../../core/throttling/user-limits';
import { MessagesService } from '../messages/messages.service';
import { MessageRevisionsService } from '../messages/message-revisions.service';
import { UsersService } from '../../identity/users/users.service';
import { CreateReportDto, ReportsQuery, ResolveReportDto } from './dto/report.dto';
import { ReportPageResponse, ReportResponse, toReportResponse } from './dto/report.response';
import { Report } from './store/entities/report.entity';
import { ReportsRepository } from './store/reports.repository';
import { ReportFiling } from './report-filing';
import { memberNotFound, reportNotFound } from '../../core/errors/errors';
import { DomainEvents } from '../../core/events/domain-event-bus';

const DEFAULT_LIMIT = 50;
const DEFAULT_MUTE_MINUTES = 60;

/**
 * Reports and the moderation queue. Room owners and admins see and resolve
 * reports about their rooms; global admins see all (user reports only they).
 * Resolving acts (delete, mute, kick, ban) through the rooms' and messages'
 * own use cases inside one transaction with the report's resolution and its
 * audit entry; events and the reporters' notice go out after commit.
 */
@Injectable()
export class ReportsService {
  constructor(
    private readonly reports: ReportsRepository,
    private readonly access: RoomAccess,
    private readonly rooms: RoomsRepository,
    private readonly membership: MembershipService,
    private readonly messages: MessagesService,
    private readonly revisions: MessageRevisionsService,
    private readonly users: UsersService,
    private readonly audit: AuditLog,
    private readonly events: DomainEvents,
    private readonly limits: UserLimits,
    private readonly filing: ReportFiling,
  ) {}

  async reportMessage(user: AuthUser, context: RoomContext, messageId: string, dto: CreateReportDto): Promise<ReportResponse> {
    const { room } = context;
    const roomId = room.id;
    const message = await this.messages.find(user, context, messageId);
    if (message.senderId === user.id) throw FieldValidationError.of('non_field_errors', 'You cannot report your own message.');
    await this.limits.consume('report', user.id);
    // The version it was filed against: content and version number read together, so a later edit cannot blur which text was reported.
    const reported = await this.revisions.current(message.id);
    const report = await this.reports.create({
      reporterId: user.id,
      targetType: 'message',
      targetId: message.id,
      targetUserId: message.senderId,
      roomId,
      targetContent: reported.content,
      targetVersion: reported.version,
      reason: dto.reason,
      details: dto.details ?? '',
    });
    this.filing.announceCreated(report, room);
    return toReportResponse(report, false);
  }

  async reportUser(user: AuthUser, targetId: string, dto: CreateReportDto): Promise<ReportResponse> {
    if (targetId === user.id) throw FieldValidationError.of('non_field_errors', 'You cannot report yourself.');
    await this.users.require(targetId);
    await this.limits.consume('report', user.id);
    const report = await this.reports.create({
      reporterId: user.id,
      targetType: 'user',
      targetId,
      targetUserId: targetId,
      roomId: null,
      targetContent: '',
      targetVersion: null,
      reason: dto.reason,
      details: dto.details ?? '',
    });
    this.filing.announceCreated(report, null);
    return toReportResponse(report, false);
  }

  async list(user: AuthUser, query: ReportsQuery, url: URL): Promise<ReportPageResponse> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.reports.page({
      status: query.status,
      targetType: query.target_type,
      roomId: query.room_id,
      before: query.before,
      limit,
      moderatorId: Policy.can(user, 'reports.moderate_all') ? undefined : user.id,
    });
    const next = rows.length === limit ? withParam(url, 'before', rows[rows.length - 1].id) : null;
    return { next, results: rows.map((r) => toReportResponse(r, true)) };
  }

  async get(user: AuthUser, reportId: string): Promise<ReportResponse> {
    const report = await this.require(reportId);
    await this.moderatorContext(user, report);
    return toReportResponse(report, true);
  }

  async resolve(user: AuthUser, reportId: string, dto: ResolveReportDto): Promise<ReportResponse> {
    const report = await this.require(reportId);
    const context = await this.moderatorContext(user, report);
    if (report.status !== 'open') throw new DomainError('conflict', 'This report is already resolved.');
    this.requireApplicable(report, context, dto);
    const note = dto.note ?? '';
    const outcome = await this.reports.transaction(async (manager) => {
      const open = await this.reports.lockOpenAbout(manager, report);
      if (!open.some((r) => r.id === report.id)) throw new DomainError('conflict', 'This report is already resolved.');
      const applied = await this.apply(manager, user, report, context, dto, note);
      await this.reports.resolve(
        manager,
        open.map((r) => r.id),
        dto.action,
        user.id,
        note,
      );
      await this.audit.record(manager, {
        actor: user,
        action: 'report.resolved',
        room: context?.room ?? null,
        target: { type: 'report', id: report.id, name: report.targetType },
        reason: note,
        details: { action: dto.action, report_ids: open.map((r) => r.id), target_id: report.targetId },
      });
      return { applied, open };
    });
    await outcome.applied?.();
    const resolved = (await this.reports.findById(report.id))!;
    // Each reporter hears of their own report only: another reporter's reason and details are theirs.
    for (const closed of outcome.open) {
      if (!closed.reporterId) continue;
      const own =
        closed.id === resolved.id ? resolved : Object.assign(closed, { status: 'resolved', action: dto.action, resolvedAt: resolved.resolvedAt });
      this.events.publish('ReportResolved', { reporterIds: [closed.reporterId], report: toReportResponse(own, false) });
    }
    return toReportResponse(resolved, true);
  }

  /** Does the action in the caller's transaction; answers what to announce after commit. */
  private async apply(
    manager: Parameters<Parameters<ReportsRepository['transaction']>[0]>[0],
    user: AuthUser,
    report: Report,
    context: RoomContext | null,
    dto: ResolveReportDto,
    note: string,
  ): Promise<(() => Promise<void>) | null> {
    if (dto.action === 'dismiss' || !context) return null;
    const roomId = context.room.id;
    const targetUserId = report.targetUserId!;
    switch (dto.action) {
      case 'delete_message': {
        const message = await this.messages.find(user, context, report.targetId);
        if (message.deletedAt) return null;
        const detached = await this.messages.removeWithin(manager, user, context, message, note);
        return detached ? () => this.messages.announceRemoved(user, roomId, message.id, detached) : null;
      }
      case 'mute': {
        const [target] = await this.rooms.membersWithUsers(roomId, [targetUserId], manager);
        if (!target) throw memberNotFound();
        const until = new Date(Date.now() + (dto.mute_minutes ?? DEFAULT_MUTE_MINUTES) * 60_000);
        await this.membership.muteWithin(manager, user, context, target, until, note);
        return async () => {
          await this.membership.announceUpdated(user, roomId, await this.rooms.membersWithUsers(roomId, [targetUserId]));
        };
      }
      case 'kick':
      case 'ban': {
        const removed = await this.membership.removeWithin(manager, user, context, targetUserId, dto.action === 'ban', note);
        return removed ? () => this.membership.announceRemoved(user, roomId, removed, dto.action === 'ban') : null;
      }
    }
  }

  private requireApplicable(report: Report, context: RoomContext | null, dto: ResolveReportDto): void {
    if (dto.action === 'dismiss') return;
    if (!context) throw FieldValidationError.of('action', 'A report about a user outside any room can only be dismissed.');
    if (dto.action === 'delete_message' && report.targetType !== 'message') {
      throw FieldValidationError.of('action', 'Only a message report can delete a message.');
    }
    if (!report.targetUserId) throw FieldValidationError.of('action', 'The reported user no longer exists.');
  }

  /** Room reports: the room's owners and admins, and global admins; user reports: global admins. */
  private async moderatorContext(user: AuthUser, report: Report): Promise<RoomContext | null> {
    if (!report.roomId) {
      Policy.require(user, 'reports.moderate_all');
      return null;
    }
    try {
      return await this.access.require(user, report.roomId, 'room.manage');
    } catch (error) {
      // Whoever may not moderate the room learns nothing of its reports.
      if (error instanceof DomainError && ['permission_denied', 'room_access_denied', 'room_not_found'].includes(error.code)) {
        if (Policy.can(user, 'reports.moderate_all')) return null;
        throw reportNotFound();
      }
      throw error;
    }
  }

  private async require(id: string): Promise<Report> {
    const report = await this.reports.findById(id);
    if (!report) throw reportNotFound();
    return report;
  }
}

function withParam(url: URL, name: string, value: string): string {
  const link = new URL(url.toString());
  link.searchParams.set(name, value);
  return link.toString();
}
