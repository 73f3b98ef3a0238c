import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { pipeline } from 'node:stream/promises';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { UploadResponse } from '../dto/upload.response';
import { UploadLimitsResponse } from '../dto/upload-limits.response';
import { UploadsService, Variant } from '../uploads.service';

const UploadId = () => Param('id', new UuidPipe('id'));

/**
 * Downloads are never active content on Parley's origin: no MIME sniffing, a
 * sandboxing CSP, and only raster images inline (see presentation.ts).
 */
const DOWNLOAD_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'",
  'Cache-Control': 'private, max-age=300',
  'Cross-Origin-Resource-Policy': 'same-site',
};

@ApiTags('uploads')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('uploads')
export class UploadsController {
  constructor(private readonly uploads: UploadsService) {}

  /** Upload one file (multipart field `file`); attach it to a message with `attachments: [id]` within UPLOAD_UNATTACHED_TTL. */
  @Post()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiResponse({ status: 201, type: UploadResponse })
  @ApiErrors(400, 413, 415, 429)
  upload(@CurrentUser() user: AuthUser, @Req() req: Request): Promise<UploadResponse> {
    return this.uploads.upload(user, req);
  }

  /** What uploads accept here: the largest file, the files a message carries, the accepted types and the rate. */
  @Get('limits')
  limits(): Promise<UploadLimitsResponse> {
    return this.uploads.limits();
  }

  /** An upload's metadata: readers of the room it is attached to, or its uploader before that. */
  @Get(':id')
  @ApiErrors(400, 403, 404)
  get(@CurrentUser() user: AuthUser, @UploadId() id: string): Promise<UploadResponse> {
    return this.uploads.get(user, id);
  }

  /** The file: inline for raster images, else as an attachment; with S3 storage a 302 to a short-lived presigned URL. */
  @Get(':id/content')
  @ApiProduces('application/octet-stream')
  @ApiResponse({ status: 200, description: 'The bytes.', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 302, description: 'S3 storage: Location is a presigned GET URL (UPLOAD_URL_TTL).' })
  @ApiErrors(400, 403, 404)
  content(@CurrentUser() user: AuthUser, @UploadId() id: string, @Res() res: Response): Promise<void> {
    return this.send(user, id, 'content', res);
  }

  /** A WebP thumbnail of at most 320x320 (images only; 404 otherwise). */
  @Get(':id/thumbnail')
  @ApiProduces('image/webp')
  @ApiResponse({ status: 200, description: 'The thumbnail.', schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 302, description: 'S3 storage: Location is a presigned GET URL.' })
  @ApiErrors(400, 403, 404)
  thumbnail(@CurrentUser() user: AuthUser, @UploadId() id: string, @Res() res: Response): Promise<void> {
    return this.send(user, id, 'thumbnail', res);
  }

  private async send(user: AuthUser, id: string, variant: Variant, res: Response): Promise<void> {
    const { file, contentType, disposition } = await this.uploads.download(user, id, variant);
    res.set(DOWNLOAD_HEADERS);
    if (file.kind === 'redirect') return res.redirect(302, file.url);
    res.set({ 'Content-Type': contentType, 'Content-Disposition': disposition, 'Content-Length': String(file.size) });
    await pipeline(file.stream, res);
  }
}
