import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsDateString, IsIn, IsUUID, MaxLength } from 'class-validator';
import { Optional } from '../../../core/validation/fields';
import { EXPORT_FORMATS, type ComplianceExport, type ExportFormat, type ExportManifest } from '../store/entities/compliance-export.entity';

/** At most this many rooms, and as many users, per export. */
export const EXPORT_TARGETS_MAX = 1000;

/** What to export: a whole organization's rooms, and/or messages of these rooms and/or sent by these users, in a time range. */
export class CreateComplianceExportDto {
  /**
   * Every room of this organization: its administrators name their own, the deployment's operators
   * any (the job is the operator's, read inside that organization, and audited in both).
   */
  @Optional()
  @IsUUID('all')
  @ApiProperty({ type: String, format: 'uuid', required: false })
  organization_id?: string;

  @Optional()
  @IsArray()
  @ArrayMaxSize(EXPORT_TARGETS_MAX)
  @IsUUID('all', { each: true })
  @ApiProperty({ type: [String], format: 'uuid', required: false, maxItems: EXPORT_TARGETS_MAX })
  room_ids?: string[];

  /** Senders, in every room (deleted users a legal hold names too). */
  @Optional()
  @IsArray()
  @ArrayMaxSize(EXPORT_TARGETS_MAX)
  @IsUUID('all', { each: true })
  @ApiProperty({ type: [String], format: 'uuid', required: false, maxItems: EXPORT_TARGETS_MAX })
  user_ids?: string[];

  /** Messages created at or after (ISO-8601). */
  @Optional()
  @IsDateString({ strict: true })
  @MaxLength(40)
  from?: string;

  /** Messages created before (ISO-8601). */
  @Optional()
  @IsDateString({ strict: true })
  @MaxLength(40)
  until?: string;

  @ApiProperty({ enum: EXPORT_FORMATS })
  @IsIn(EXPORT_FORMATS)
  format: ExportFormat;

  /** Put the attachment files in the archive (under files/). */
  @Optional()
  @IsBoolean()
  include_files?: boolean;
}

export class ManifestFileResponse {
  name: string;
  section: string;
  rows: number;
  bytes: number;
  sha256: string;
}

export class ExportManifestResponse {
  @ApiProperty({ example: 'parley-compliance-export/1' })
  format: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'The time of the snapshot every section was read from.' })
  snapshot_at: string;
  @ApiProperty({ type: () => [ManifestFileResponse] })
  files: ManifestFileResponse[];
}

export class ComplianceExportResponse {
  id: string;
  @ApiProperty({ enum: ['pending', 'running', 'done', 'failed', 'expired'] })
  status: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The organization exported whole, or null.' })
  organization_id: string | null;
  room_ids: string[];
  user_ids: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  from: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  until: string | null;
  @ApiProperty({ enum: EXPORT_FORMATS })
  format: string;
  include_files: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'The global admin who asked.' })
  requested_by: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  finished_at: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The archive in bytes, once done.' })
  size: number | null;
  @ApiProperty({ type: String, nullable: true, description: "The archive's SHA-256 (hex), once done; also its ETag." })
  sha256: string | null;
  @ApiProperty({ type: () => ExportManifestResponse, nullable: true })
  manifest: ExportManifest | null;
  @ApiProperty({ type: String, nullable: true, description: 'Why the last attempt failed.' })
  error: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the cleanup removed the archive (status `expired`).' })
  expired_at: string | null;
}

export class ComplianceExportPageResponse {
  @ApiProperty({ type: String, nullable: true, description: 'The next (older) page, or null.' })
  next: string | null;
  @ApiProperty({ type: () => [ComplianceExportResponse] })
  results: ComplianceExportResponse[];
}

export function toComplianceExportResponse(job: ComplianceExport): ComplianceExportResponse {
  return {
    id: job.id,
    status: job.status,
    organization_id: job.organizationWide ? job.sourceOrganizationId : null,
    room_ids: job.roomIds,
    user_ids: job.userIds,
    from: job.fromAt?.toISOString() ?? null,
    until: job.untilAt?.toISOString() ?? null,
    format: job.format,
    include_files: job.includeFiles,
    requested_by: job.requestedBy,
    created_at: job.createdAt.toISOString(),
    finished_at: job.finishedAt?.toISOString() ?? null,
    size: job.size === null ? null : Number(job.size),
    sha256: job.sha256,
    manifest: job.manifest,
    error: job.error,
    expired_at: job.expiredAt?.toISOString() ?? null,
  };
}
