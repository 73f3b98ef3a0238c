import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { WebPushKeyResponse } from '../dto/admin.dto';
import { NotificationSettingsResponse, RoomNotificationLevelDto, RoomNotificationResponse, UpdateNotificationSettingsDto } from '../dto/settings.dto';
import { NotificationDevicesService } from '../notification-devices.service';
import { NotificationSettingsService } from '../notification-settings.service';

/** What I want to hear about while away: defaults, snooze, quiet hours, email, and each room's level. */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiErrors(401)
@Controller()
export class NotificationSettingsController {
  constructor(
    private readonly settings: NotificationSettingsService,
    private readonly devices: NotificationDevicesService,
  ) {}

  /** My notification preferences (defaults until changed). */
  @Get('users/me/notification-settings')
  get(@CurrentUser() user: AuthUser): Promise<NotificationSettingsResponse> {
    return this.settings.get(user);
  }

  /** Changes only the fields given; null clears `level`, `snooze_until` and `quiet_hours`. */
  @Patch('users/me/notification-settings')
  @ApiErrors(400)
  update(@CurrentUser() user: AuthUser, @Body() dto: UpdateNotificationSettingsDto): Promise<NotificationSettingsResponse> {
    return this.settings.update(user, dto);
  }

  /** My level in a room, and what applies. */
  @Get('users/me/rooms/:roomId/notifications')
  @ApiErrors(400, 403, 404)
  room(@CurrentUser() user: AuthUser, @Param('roomId', new UuidPipe('room_id')) roomId: string): Promise<RoomNotificationResponse> {
    return this.settings.room(user, roomId);
  }

  /** Sets my level in a room (over my default). */
  @Put('users/me/rooms/:roomId/notifications')
  @ApiErrors(400, 403, 404)
  setRoom(
    @CurrentUser() user: AuthUser,
    @Param('roomId', new UuidPipe('room_id')) roomId: string,
    @Body() dto: RoomNotificationLevelDto,
  ): Promise<RoomNotificationResponse> {
    return this.settings.setRoom(user, roomId, dto.level);
  }

  /** Back to my default in this room. */
  @Delete('users/me/rooms/:roomId/notifications')
  @HttpCode(204)
  @ApiErrors(400, 403, 404)
  clearRoom(@CurrentUser() user: AuthUser, @Param('roomId', new UuidPipe('room_id')) roomId: string): Promise<void> {
    return this.settings.clearRoom(user, roomId);
  }

  /** The server's VAPID public key, for `pushManager.subscribe({ applicationServerKey })`. */
  @Get('notifications/web-push-key')
  @ApiErrors(404)
  webPushKey(): WebPushKeyResponse {
    return this.devices.webPushKey();
  }
}
