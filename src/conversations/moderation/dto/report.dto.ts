import { Optional, Trim } from '../../../core/validation/fields';
import { IsIn, IsInt, IsString, IsUUID, Max, Min } from 'class-validator';
import { MaxTextLength } from '../../../core/validation/text-length';
import { IdCursorQuery } from '../../../core/pagination/id-cursor.query';
import {
  REPORT_ACTIONS,
  REPORT_REASONS,
  REPORT_STATUSES,
  REPORT_TARGETS,
  ReportAction,
  ReportReason,
  ReportStatus,
  ReportTarget,
} from '../store/entities/report.entity';

export class CreateReportDto {
  @IsIn(REPORT_REASONS)
  reason: ReportReason;

  /** What happened, in the reporter's words. */
  @Optional()
  @Trim()
  @IsString()
  @MaxTextLength(2000)
  details?: string;
}

export class ResolveReportDto {
  /** `dismiss` changes nothing; the others act on the reported message or user in the report's room. */
  @IsIn(REPORT_ACTIONS)
  action: ReportAction;

  /** For `mute`: how long (default 60 minutes, at most 30 days). */
  @Optional()
  @IsInt()
  @Min(1)
  @Max(43200)
  mute_minutes?: number;

  /** Kept with the report and in the audit log. */
  @Optional()
  @Trim()
  @IsString()
  @MaxTextLength(2000)
  note?: string;
}

/** `GET /moderation/reports` filters, keyset paged newest first. */
export class ReportsQuery extends IdCursorQuery {
  @Optional()
  @IsIn(REPORT_STATUSES)
  status?: ReportStatus;

  @Optional()
  @IsIn(REPORT_TARGETS)
  target_type?: ReportTarget;

  @Optional()
  @IsUUID()
  room_id?: string;
}
