import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { SuspendUserDto, SuspensionResponse } from '../dto/suspension.dto';
import { SuspensionsService } from '../suspensions.service';

/** Deployment-wide suspension of a user, by global admins (docs/compliance.md). */
@ApiTags('users')
@ApiBearerAuth()
@Controller('admin/users/:id/suspension')
export class SuspensionsController {
  constructor(private readonly suspensions: SuspensionsService) {}

  /** The suspension that applies to the user (404 when none does). */
  @Get()
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe()) id: string): Promise<SuspensionResponse> {
    return this.suspensions.get(user, id);
  }

  /**
   * Suspend until a time or until lifted: every login of the user ends and their sockets
   * disconnect; sign-in, token renewal and the socket handshake answer 403 `account_suspended`.
   * Their messages stay. Audited (`user.suspended`). 409 while a suspension applies.
   */
  @Post()
  @ApiErrors(400, 401, 403, 404, 409)
  suspend(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe()) id: string, @Body() dto: SuspendUserDto): Promise<SuspensionResponse> {
    return this.suspensions.suspend(user, id, dto);
  }

  /** Lift the suspension (audited, `user.reinstated`); the user signs in again. 404 when none applies. */
  @Delete()
  @HttpCode(204)
  @ApiErrors(400, 401, 403, 404)
  lift(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe()) id: string): Promise<void> {
    return this.suspensions.lift(user, id);
  }
}
