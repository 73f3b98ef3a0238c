import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { AuthUser } from '../../../core/auth/auth-user';
import { AuthService } from '../auth.service';
import { ChangePasswordDto } from '../dto/change-password.dto';

@ApiTags('users')
@ApiBearerAuth()
@Controller('users/me')
export class PasswordController {
  constructor(private readonly auth: AuthService) {}

  /** Change the password; every login of the user ends (sign in again). */
  @Post('password')
  @HttpCode(204)
  @ApiErrors(400, 401)
  change(@CurrentUser() user: AuthUser, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.auth.changePassword(user, dto);
  }
}
