import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { DeadNotificationListResponse, RequeuedNotificationResponse } from '../dto/admin.dto';
import { NotificationsAdminService } from '../notifications-admin.service';

/** Notifications that gave up (dead letters), for global admins. */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller('admin/notifications')
export class NotificationsAdminController {
  constructor(private readonly admin: NotificationsAdminService) {}

  /** The newest 200 dead notifications, with the last error. */
  @Get('dead')
  dead(@CurrentUser() user: AuthUser): Promise<DeadNotificationListResponse> {
    return this.admin.deadLetters(user);
  }

  /** Back in the queue with fresh attempts (after the push service or SMTP server is fixed). */
  @Post('dead/:id/requeue')
  @HttpCode(202)
  @ApiErrors(400, 404)
  requeue(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<RequeuedNotificationResponse> {
    return this.admin.requeue(user, id);
  }
}
