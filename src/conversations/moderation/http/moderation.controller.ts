import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditPageResponse, AuditQuery } from '../../../core/audit/dto/audit-entry.response';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { AuditService } from '../audit.service';
import { ReportsQuery, ResolveReportDto } from '../dto/report.dto';
import { ReportPageResponse, ReportResponse } from '../dto/report.response';
import { ReportsService } from '../reports.service';
import { CurrentRoom, RoomRoute } from '../../rooms/http/room-access.guard';
import { RoomContext } from '../../rooms/room-access.service';

@ApiTags('moderation')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class ModerationController {
  constructor(
    private readonly reports: ReportsService,
    private readonly audit: AuditService,
  ) {}

  /** The moderation queue: reports on rooms I own or administer (global admins: all), newest first. */
  @Get('moderation/reports')
  @ApiErrors(400)
  list(@CurrentUser() user: AuthUser, @Query() query: ReportsQuery, @RequestUrl() url: URL): Promise<ReportPageResponse> {
    return this.reports.list(user, query, url);
  }

  /** One report. */
  @Get('moderation/reports/:id')
  @ApiErrors(400, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<ReportResponse> {
    return this.reports.get(user, id);
  }

  /** Resolve with an action (dismiss, delete_message, mute, kick, ban); every open report on the same target closes with it. */
  @Post('moderation/reports/:id/resolve')
  @HttpCode(200)
  @ApiErrors(400, 403, 404, 409)
  resolve(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string, @Body() dto: ResolveReportDto): Promise<ReportResponse> {
    return this.reports.resolve(user, id, dto);
  }

  /** A room's audit log (owners, admins, global admins), newest first. */
  @Get('rooms/:id/audit')
  @RoomRoute('room.manage')
  @ApiErrors(400, 403, 404)
  roomAudit(@CurrentRoom() room: RoomContext, @Query() query: AuditQuery, @RequestUrl() url: URL): Promise<AuditPageResponse> {
    return this.audit.room(room, query, url);
  }

  /** Every moderation and administrative action (global admins), newest first; `?room_id=` keeps working after the room is deleted. */
  @Get('admin/audit')
  @ApiErrors(400, 403)
  allAudit(@CurrentUser() user: AuthUser, @Query() query: AuditQuery, @RequestUrl() url: URL): Promise<AuditPageResponse> {
    return this.audit.all(user, query, url);
  }
}
