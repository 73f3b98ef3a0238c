import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../../../core/decorators/public.decorator';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { AuthResponse } from '../../auth/dto/auth.response';
import { HandoffDto } from '../dto/handoff.dto';
import { SignInHandoff } from '../sign-in-handoff.service';

@ApiTags('auth')
@Controller('auth')
export class HandoffController {
  constructor(private readonly handoff: SignInHandoff) {}

  /**
   * Exchange a one-time sign-in code (the web app's `#handoff=`, from an identity provider's callback
   * or an LTI launch) for a new login's token pair. Each code works once, within 60 s of being issued;
   * unknown, spent or expired: 401 `token_not_valid`.
   */
  @Public()
  @Post('handoff')
  @HttpCode(200)
  @ApiErrors(400, 401, 403)
  exchange(@Body() dto: HandoffDto, @Req() req: Request): Promise<AuthResponse> {
    return this.handoff.exchange(dto.code, { userAgent: req.get('user-agent'), ip: req.ip });
  }
}
