import { Inject, Injectable } from '@nestjs/common';
import type { Readable } from 'node:stream';
import { AuditLog, type AuditRecord } from '../../core/audit/audit-log';
import { AuthUser } from '../../core/auth/auth-user';
import { newId } from '../../core/database/uuid';
import { DomainError, FieldValidationError } from '../../core/errors/domain-error';
import { exportExpired, organizationNotFound, roomNotFound, userNotFound } from '../../core/errors/errors';
import { IdCursorQuery } from '../../core/pagination/id-cursor.query';
import { DEFAULT_ORGANIZATION_ID, OrganizationScope } from '../../core/database/organization-scope';
import type { Tx } from '../../core/database/transaction';
import { Policy } from '../../core/policy/policy';
import { FILE_STORAGE, type FileStorage } from '../../conversations/uploads/storage/file-storage';
import { parseRange } from './byte-range';
import { ComplianceExportWorker } from './compliance-export.worker';
import {
  ComplianceExportPageResponse,
  ComplianceExportResponse,
  CreateComplianceExportDto,
  toComplianceExportResponse,
} from './dto/compliance-export.dto';
import { ComplianceExportsRepository } from './store/compliance-exports.repository';
import type { ComplianceExport } from './store/entities/compliance-export.entity';

const DEFAULT_LIMIT = 50;
const callerOrganization = (viewer: AuthUser): string => viewer.organizationId ?? DEFAULT_ORGANIZATION_ID;

/** How a download is answered: a redirect (S3), or bytes with their status and headers. */
export type ArchiveDownload =
  | { kind: 'redirect'; url: string }
  | { kind: 'bytes'; status: 200 | 206; headers: Record<string, string>; stream: Readable }
  | { kind: 'unsatisfiable'; size: number };

/**
 * Compliance exports (docs/compliance.md), by global admins: a request becomes a job (audited)
 * that the worker runs inside the organization it reads (the caller's own, or any an operator
 * names: then audited there too); its status shows the manifest once done, and the archive
 * downloads with byte ranges, so an interrupted download resumes where it stopped (`If-Range`
 * with the ETag, the archive's SHA-256, guards the resume).
 */
@Injectable()
export class ComplianceExportService {
  constructor(
    private readonly exports: ComplianceExportsRepository,
    private readonly worker: ComplianceExportWorker,
    private readonly audit: AuditLog,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  async create(viewer: AuthUser, dto: CreateComplianceExportDto): Promise<ComplianceExportResponse> {
    Policy.require(viewer, 'compliance.manage');
    const roomIds = [...new Set(dto.room_ids ?? [])];
    const userIds = [...new Set(dto.user_ids ?? [])];
    const organizationWide = dto.organization_id !== undefined;
    if (roomIds.length === 0 && userIds.length === 0 && !organizationWide) {
      throw FieldValidationError.of(
        'non_field_errors',
        'Name an organization (organization_id), or at least one room (room_ids) or user (user_ids).',
      );
    }
    // Its own admins name their organization; operators any (another organization's admin: 404).
    if (dto.organization_id !== undefined) Policy.require(viewer, 'organizations.manage', { organizationId: dto.organization_id });
    const fromAt = dto.from ? new Date(dto.from) : null;
    const untilAt = dto.until ? new Date(dto.until) : null;
    if (fromAt && untilAt && fromAt.getTime() >= untilAt.getTime()) throw FieldValidationError.of('until', 'Must be after `from`.');
    // The records come from the source organization: the targets are looked up inside it and the
    // worker reads it there, so row-level security keeps the export to that organization's rows.
    const source = dto.organization_id ?? callerOrganization(viewer);
    await OrganizationScope.run(source, () => this.requireTargets(organizationWide, source, userIds, roomIds));
    const id = newId();
    const job = {
      id,
      requestedBy: viewer.id,
      roomIds,
      userIds,
      organizationWide,
      sourceOrganizationId: source,
      fromAt,
      untilAt,
      format: dto.format,
      includeFiles: dto.include_files ?? false,
    };
    await this.exports.transaction(async (tx) => {
      await this.exports.insert(tx, job);
      await this.auditWhereRead(tx, viewer, source, {
        actor: viewer,
        action: 'compliance_export.created',
        target: { type: 'export', id },
        details: {
          organization_id: dto.organization_id ?? null,
          room_ids: roomIds,
          user_ids: userIds,
          from: dto.from ?? null,
          until: dto.until ?? null,
          format: dto.format,
          include_files: job.includeFiles,
        },
      });
    });
    this.worker.kick();
    return toComplianceExportResponse((await this.exports.find(id))!);
  }

  /** In the source organization: it exists (asked inside it), and so does every named user and room. */
  private async requireTargets(organizationWide: boolean, source: string, userIds: string[], roomIds: string[]): Promise<void> {
    if (organizationWide && !(await this.exports.organizationExists(source))) throw organizationNotFound();
    const missing = await this.exports.missing(userIds, roomIds);
    if (missing.users.length > 0) throw userNotFound();
    if (missing.rooms.length > 0) throw roomNotFound();
  }

  /**
   * An audit entry in the caller's organization and, when the export reads another one (an
   * operator's), in that organization's log too: both in `tx`, so they commit with the change.
   */
  private async auditWhereRead(tx: Tx, viewer: AuthUser, source: string, entry: AuditRecord): Promise<void> {
    await this.audit.record(tx, entry);
    if (source !== callerOrganization(viewer)) await this.exports.inOrganization(tx, source, () => this.audit.record(tx, entry));
  }

  async get(viewer: AuthUser, id: string): Promise<ComplianceExportResponse> {
    Policy.require(viewer, 'compliance.manage');
    return toComplianceExportResponse(await this.require(id));
  }

  /** The organization's export jobs, newest first (`?before=<id>&limit=`). */
  async list(viewer: AuthUser, query: IdCursorQuery, url: URL): Promise<ComplianceExportPageResponse> {
    Policy.require(viewer, 'compliance.manage');
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.exports.page(query.before, limit);
    let next: string | null = null;
    if (rows.length === limit) {
      const link = new URL(url.toString());
      link.searchParams.set('before', rows[rows.length - 1].id);
      next = link.toString();
    }
    return { next, results: rows.map(toComplianceExportResponse) };
  }

  /**
   * The archive, whole or the byte range asked (`Range: bytes=a-b`, one range; `If-Range` naming
   * another ETag sends it whole). A download from the first byte is audited; the resumed rest is not.
   */
  async download(viewer: AuthUser, id: string, range: string | undefined, ifRange: string | undefined): Promise<ArchiveDownload> {
    Policy.require(viewer, 'compliance.manage');
    const job = await this.require(id);
    if (job.status === 'expired') throw exportExpired();
    if (job.status !== 'done' || !job.storageKey || job.size === null) {
      throw new DomainError('conflict', `This export is not ready (${job.status}).`);
    }
    const size = Number(job.size);
    const etag = `"${job.sha256}"`;
    const asked = ifRange === undefined || ifRange === etag ? parseRange(range, size) : null;
    if (asked === 'unsatisfiable') return { kind: 'unsatisfiable', size };
    if (!asked || asked.start === 0) {
      const entry: AuditRecord = { actor: viewer, action: 'compliance_export.downloaded', target: { type: 'export', id } };
      await this.exports.transaction((tx) => this.auditWhereRead(tx, viewer, job.sourceOrganizationId, entry));
    }
    const presentation = { contentType: 'application/zip', disposition: `attachment; filename="parley-compliance-${id}.zip"` };
    const file = await this.storage.open(job.storageKey, presentation, asked ?? undefined);
    if (file.kind === 'redirect') return { kind: 'redirect', url: file.url };
    const headers: Record<string, string> = {
      'Content-Type': presentation.contentType,
      'Content-Disposition': presentation.disposition,
      'Accept-Ranges': 'bytes',
      ETag: etag,
      'Content-Length': String(asked ? asked.end - asked.start + 1 : size),
    };
    if (asked) headers['Content-Range'] = `bytes ${asked.start}-${asked.end}/${size}`;
    return { kind: 'bytes', status: asked ? 206 : 200, headers, stream: file.stream };
  }

  private async require(id: string): Promise<ComplianceExport> {
    const job = await this.exports.find(id);
    if (!job) throw new DomainError('not_found', 'Compliance export not found.');
    return job;
  }
}
