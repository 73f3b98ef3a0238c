import { Injectable, Logger } from '@nestjs/common';
import { Policy } from '../../core/policy/policy';
import { DomainEvents } from '../../core/events/domain-event-bus';
import { UsersService } from '../../identity/users/users.service';
import { RoomAccess, RoomContext } from '../rooms/room-access.service';
import { RoomsRepository } from '../rooms/store/rooms.repository';
import { toReportResponse } from './dto/report.response';
import { Report } from './store/entities/report.entity';
import { ReportsRepository } from './store/reports.repository';

/**
 * Files reports into the moderation queue and tells those who may resolve them: a
 * member's report (ReportsService) or the system's, when a content rule flags a message
 * (no reporter; its details name the rules). Kept apart from ReportsService, which acts
 * on messages, so the send path can file without importing it.
 */
@Injectable()
export class ReportFiling {
  private readonly logger = new Logger(ReportFiling.name);

  constructor(
    private readonly reports: ReportsRepository,
    private readonly access: RoomAccess,
    private readonly rooms: RoomsRepository,
    private readonly users: UsersService,
    private readonly events: DomainEvents,
  ) {}

  /** A message a content rule flagged (version 0 as sent, n after n edits), reported by nobody. */
  async flagged(
    message: { id: string; roomId: string; senderId: string | null; content: string },
    ruleIds: string[],
    version: number,
  ): Promise<void> {
    const room = await this.rooms.findRoom(message.roomId);
    if (!room) return;
    const report = await this.reports.create({
      reporterId: null,
      targetType: 'message',
      targetId: message.id,
      targetUserId: message.senderId,
      roomId: message.roomId,
      targetContent: message.content,
      targetVersion: version,
      reason: 'other',
      details: `Flagged by content rule ${ruleIds.join(', ')}.`,
    });
    this.announceCreated(report, room);
  }

  /** After commit, to those who may resolve it (the moderator's view); the report stands whether or not this reaches anyone. */
  announceCreated(report: Report, room: RoomContext['room'] | null): void {
    void this.moderatorIds(room).then(
      (moderatorIds) => {
        if (moderatorIds.length) this.events.publish('ReportCreated', { moderatorIds, report: toReportResponse(report, true) });
      },
      (error: unknown) => this.logger.error(`report:created for ${report.id}: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  /** Who may resolve a report about this room (null: about a user), by moderatorContext's rules: the room's managers, then global admins. */
  private async moderatorIds(room: RoomContext['room'] | null): Promise<string[]> {
    const [managers, admins] = await Promise.all([room ? this.access.managerIds(room) : [], this.users.globalAdmins()]);
    const everywhere = admins.filter((a) => Policy.can(a, 'reports.moderate_all')).map((a) => a.id);
    return [...new Set([...managers, ...everywhere])];
  }
}
