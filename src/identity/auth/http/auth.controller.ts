import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { Public } from '../../../core/decorators/public.decorator';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { AuthUser } from '../../../core/auth/auth-user';
import { AuthService, ClientInfo } from '../auth.service';
import { AuthResponse } from '../dto/auth.response';
import { LoginDto } from '../dto/login.dto';
import { RefreshTokenDto } from '../dto/refresh-token.dto';
import { RegisterDto } from '../dto/register.dto';
import { AuthThrottleGuard } from '../guards/auth-throttle.guard';

const clientOf = (req: Request): ClientInfo => ({ userAgent: req.get('user-agent'), ip: req.ip });

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  /** Create an account and sign in. Rate limited per IP and per name. */
  @Public()
  @Post('register')
  @UseGuards(AuthThrottleGuard)
  @ApiErrors(400, 409, 429)
  register(@Body() dto: RegisterDto, @Req() req: Request): Promise<AuthResponse> {
    return this.auth.register(dto, clientOf(req));
  }

  /** Sign in with username or email. Wrong credentials: 401 `invalid_credentials`. */
  @Public()
  @Post('login')
  @HttpCode(200)
  @UseGuards(AuthThrottleGuard)
  @ApiErrors(400, 401, 403, 429)
  login(@Body() dto: LoginDto, @Req() req: Request): Promise<AuthResponse> {
    return this.auth.login(dto, clientOf(req));
  }

  /**
   * Exchange a refresh token for a new pair; the old one stops working. Presenting it again ends the login,
   * except as a retry: within JWT_REFRESH_REUSE_GRACE (30 s), before the new refresh token is used, it gets another pair.
   */
  @Public()
  @Post('refresh')
  @HttpCode(200)
  @ApiErrors(400, 401, 403)
  refresh(@Body() dto: RefreshTokenDto): Promise<AuthResponse> {
    return this.auth.refresh(dto.refresh_token);
  }

  /** End the login the refresh token belongs to (its access tokens stop working too). */
  @Post('logout')
  @HttpCode(204)
  @ApiBearerAuth()
  @ApiErrors(400, 401)
  logout(@CurrentUser() user: AuthUser, @Body() dto: RefreshTokenDto): Promise<void> {
    return this.auth.logout(user, dto.refresh_token);
  }
}
