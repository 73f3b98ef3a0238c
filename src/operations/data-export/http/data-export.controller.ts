import { Controller, Get, Header, Param, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { Readable } from 'node:stream';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { DataExportService } from '../data-export.service';
import { EXPORT_SECTIONS } from '../store/export-sections';

const EXPORT_SCHEMA = {
  type: 'object',
  description: `Everything Parley holds about the user: \`user\` (profile), then arrays ${EXPORT_SECTIONS.map((s) => `\`${s.name}\``).join(', ')}.`,
  properties: { format: { type: 'string', example: 'parley-export/1' }, exported_at: { type: 'string', format: 'date-time' } },
  additionalProperties: true,
};

@ApiTags('users')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class DataExportController {
  constructor(private readonly exports: DataExportService) {}

  /** Download everything Parley holds about me as one JSON file (streamed). */
  @Get('users/me/export')
  @ApiProduces('application/json')
  @ApiOkResponse({ schema: EXPORT_SCHEMA })
  @Header('Cache-Control', 'no-store')
  mine(@CurrentUser() user: AuthUser): Promise<StreamableFile> {
    return this.stream(user, user.id);
  }

  /** The same for any user (global admins; audited). */
  @Get('admin/users/:id/export')
  @ApiProduces('application/json')
  @ApiOkResponse({ schema: EXPORT_SCHEMA })
  @ApiErrors(400, 403, 404)
  @Header('Cache-Control', 'no-store')
  forUser(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<StreamableFile> {
    return this.stream(user, id);
  }

  private async stream(user: AuthUser, userId: string): Promise<StreamableFile> {
    const { filename, chunks } = await this.exports.open(user, userId);
    return new StreamableFile(Readable.from(chunks), { type: 'application/json; charset=utf-8', disposition: `attachment; filename="${filename}"` });
  }
}
