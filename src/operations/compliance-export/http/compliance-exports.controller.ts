import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { rangeNotSatisfiable } from '../../../core/errors/errors';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { ComplianceExportService } from '../compliance-export.service';
import { ComplianceExportPageResponse, ComplianceExportResponse, CreateComplianceExportDto } from '../dto/compliance-export.dto';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { IdCursorQuery } from '../../../core/pagination/id-cursor.query';

/** Compliance exports, by global admins (docs/compliance.md). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/compliance-exports')
export class ComplianceExportsController {
  constructor(private readonly exports: ComplianceExportService) {}

  /**
   * Ask for an export of rooms' and users' messages (with their revisions, reactions and
   * attachments) in a time range, as JSON Lines or CSV in a zip: a job, run by a worker. Audited.
   */
  @Post()
  @ApiErrors(400, 401, 403, 404)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateComplianceExportDto): Promise<ComplianceExportResponse> {
    return this.exports.create(user, dto);
  }

  /** The organization's export jobs, newest first (`?before=<id>&limit=`, default 50, at most 100). */
  @Get()
  @ApiErrors(400, 401, 403)
  list(@CurrentUser() user: AuthUser, @Query() query: IdCursorQuery, @RequestUrl() url: URL): Promise<ComplianceExportPageResponse> {
    return this.exports.list(user, query, url);
  }

  /** The job: `pending`, `running`, `done` (with the manifest, size and SHA-256), `failed`, or `expired` (archive removed). */
  @Get(':id')
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<ComplianceExportResponse> {
    return this.exports.get(user, id);
  }

  /**
   * The archive (zip). `Range: bytes=<from>-` resumes an interrupted download (206 with
   * `Content-Range`); `If-Range` with the ETag keeps a resume from mixing two archives. 409 until
   * the job is done; 410 `export_expired` once the cleanup removed the archive (COMPLIANCE_EXPORT_TTL).
   * With S3 storage: a redirect to a presigned URL, which answers ranges itself.
   */
  @Get(':id/download')
  @ApiProduces('application/zip')
  @ApiHeader({ name: 'Range', required: false, description: 'One byte range, e.g. `bytes=1048576-`.', schema: { type: 'string', maxLength: 200 } })
  @ApiHeader({ name: 'If-Range', required: false, description: 'The ETag of the archive being resumed.', schema: { type: 'string', maxLength: 200 } })
  @ApiResponse({ status: 200, description: 'The archive.', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 206, description: 'The byte range asked.', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 302, description: 'S3 storage: Location is a presigned GET URL.' })
  @ApiErrors(400, 401, 403, 404, 409, 410, 416)
  async download(
    @CurrentUser() user: AuthUser,
    @Param('id', new UuidPipe('id')) id: string,
    @Headers('range') range: string | undefined,
    @Headers('if-range') ifRange: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const answer = await this.exports.download(user, id, range, ifRange);
    if (answer.kind === 'redirect') return res.redirect(302, answer.url);
    if (answer.kind === 'unsatisfiable') {
      res.set('Content-Range', `bytes */${answer.size}`);
      throw rangeNotSatisfiable(answer.size);
    }
    res.status(answer.status).set({ ...answer.headers, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    // A client that stops mid-download (to resume it with a range) is no error of the server's.
    await pipeline(answer.stream, res).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
    });
  }
}
