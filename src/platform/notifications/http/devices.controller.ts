import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { DeviceListResponse, DeviceResponse, RegisterDeviceDto } from '../dto/device.dto';
import { NotificationDevicesService } from '../notification-devices.service';

/** Where my push notifications go: browsers (web push) and mobile apps, one id per installation. */
@ApiTags('notifications')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('users/me/devices')
export class DevicesController {
  constructor(private readonly devices: NotificationDevicesService) {}

  /** My devices, oldest first (push keys are never shown). */
  @Get()
  list(@CurrentUser() user: AuthUser): Promise<DeviceListResponse> {
    return this.devices.list(user);
  }

  /** Registers a device under the client's id, or replaces it; logging out of this login removes it. */
  @Put(':id')
  @ApiErrors(400)
  register(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string, @Body() dto: RegisterDeviceDto): Promise<DeviceResponse> {
    return this.devices.register(user, id, dto);
  }

  /** Stops notifications to a device. */
  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(400, 404)
  remove(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<void> {
    return this.devices.remove(user, id);
  }
}
