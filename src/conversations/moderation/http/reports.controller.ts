import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { CreateReportDto } from '../dto/report.dto';
import { ReportResponse } from '../dto/report.response';
import { ReportsService } from '../reports.service';
import { CurrentRoom, RoomRoute } from '../../rooms/http/room-access.guard';
import { RoomContext } from '../../rooms/room-access.service';

/** Anyone who can read a message (or see a user) reports it; one open report per reporter and target. */
@ApiTags('moderation')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** Report a message to the room's moderators (readers of the room; not your own message). */
  @Post('rooms/:id/messages/:messageId/report')
  @RoomRoute('room.read')
  @ApiErrors(400, 403, 404, 409)
  reportMessage(
    @CurrentUser() user: AuthUser,
    @CurrentRoom() room: RoomContext,
    @Param('messageId', new UuidPipe('message_id')) messageId: string,
    @Body() dto: CreateReportDto,
  ): Promise<ReportResponse> {
    return this.reports.reportMessage(user, room, messageId, dto);
  }

  /** Report a user to the global admins. */
  @Post('users/:id/report')
  @ApiErrors(400, 404, 409)
  reportUser(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) userId: string, @Body() dto: CreateReportDto): Promise<ReportResponse> {
    return this.reports.reportUser(user, userId, dto);
  }
}
