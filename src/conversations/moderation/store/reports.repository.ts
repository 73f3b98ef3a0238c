import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { newId } from '../../../core/database/uuid';
import { Report, ReportAction, ReportReason, ReportStatus, ReportTarget } from './entities/report.entity';

export interface NewReport {
  /** Null: filed by the system (a content rule flagged the message). */
  reporterId: string | null;
  targetType: ReportTarget;
  targetId: string;
  targetUserId: string | null;
  roomId: string | null;
  targetContent: string;
  targetVersion: number | null;
  reason: ReportReason;
  details: string;
}

export interface ReportFilters {
  status?: ReportStatus;
  targetType?: ReportTarget;
  roomId?: string;
  before?: string;
  limit: number;
  /** Not a global admin: only reports on rooms this user owns or administers. */
  moderatorId?: string;
}

@Injectable()
export class ReportsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Throws the unique violation uq_reports_open (409 report_exists) for a second open report. */
  async create(report: NewReport): Promise<Report> {
    const repo = this.dataSource.getRepository(Report);
    return repo.save(repo.create({ ...report, id: newId() }));
  }

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<Report | null> {
    return manager.getRepository(Report).findOneBy({ id });
  }

  /** Locks the open reports about one target, the given one first (so two resolutions cannot both act). */
  async lockOpenAbout(manager: EntityManager, report: Report): Promise<Report[]> {
    return manager
      .getRepository(Report)
      .createQueryBuilder('r')
      .where('r.target_type = :type AND r.target_id = :id AND r.status = :open', { type: report.targetType, id: report.targetId, open: 'open' })
      .orderBy('r.id')
      .setLock('pessimistic_write')
      .getMany();
  }

  async resolve(manager: EntityManager, ids: string[], action: ReportAction, resolvedBy: string, note: string): Promise<void> {
    await manager.query(
      `UPDATE reports SET status = 'resolved', action = $2, resolved_by = $3, resolved_at = now(), resolution_note = $4 WHERE id = ANY($1::uuid[])`,
      [ids, action, resolvedBy, note],
    );
  }

  /** Newest first, keyset on the time-ordered id. */
  page(filters: ReportFilters): Promise<Report[]> {
    const query = this.dataSource.getRepository(Report).createQueryBuilder('r').orderBy('r.id', 'DESC').limit(filters.limit);
    if (filters.status) query.andWhere('r.status = :status', { status: filters.status });
    if (filters.targetType) query.andWhere('r.target_type = :targetType', { targetType: filters.targetType });
    if (filters.roomId) query.andWhere('r.room_id = :roomId', { roomId: filters.roomId });
    if (filters.before) query.andWhere('r.id < :before', { before: filters.before });
    if (filters.moderatorId) {
      query.andWhere(`r.room_id IN (SELECT m.room_id FROM room_members m WHERE m.user_id = :moderatorId AND m.role IN ('owner', 'admin'))`, {
        moderatorId: filters.moderatorId,
      });
    }
    return query.getMany();
  }
}
