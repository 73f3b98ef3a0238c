import { Body, Controller, Get, Header, HttpCode, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { Public } from '../../../core/decorators/public.decorator';
import { AuthThrottleGuard } from '../../auth/guards/auth-throttle.guard';
import { requestUrl } from '../../../core/http/request-url';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { OidcLogoutResponse } from '../dto/sign-in-provider.response';
import { OidcSignIn } from '../oidc-sign-in.service';
import { SignInUrls } from '../sign-in-urls';

const clientOf = (req: Request) => ({ userAgent: req.get('user-agent'), ip: req.ip });

/**
 * OpenID Connect sign-in (docs/sign-in.md). The login, callback and back-channel logout routes are
 * the browser's and the identity provider's, not API calls: they answer redirects and forms, and
 * are left out of the OpenAPI document (docs/sign-in.md is their contract).
 */
@ApiTags('sign-in')
@Controller('auth/oidc')
export class OidcController {
  constructor(private readonly oidc: OidcSignIn) {}

  /**
   * Ends this login (as logout does) and answers where the browser goes to end the identity
   * provider's session too (its end_session_endpoint, with id_token_hint); null for a login that
   * did not come from OpenID Connect.
   */
  @Post('logout')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiErrors(401)
  logout(@CurrentUser() user: AuthUser, @Req() req: Request): Promise<OidcLogoutResponse> {
    return this.oidc.logout(user, requestUrl(req).origin);
  }

  @Public()
  @Get(':organization/login')
  @UseGuards(AuthThrottleGuard)
  @ApiExcludeEndpoint()
  @Header('Cache-Control', 'no-store')
  async login(@Param('organization') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    res.redirect(302, await this.oidc.login(SignInUrls.of(req, slug)));
  }

  @Public()
  @Get(':organization/callback')
  @UseGuards(AuthThrottleGuard)
  @ApiExcludeEndpoint()
  @Header('Cache-Control', 'no-store')
  async callback(@Param('organization') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const urls = SignInUrls.of(req, slug);
    res.redirect(302, await this.oidc.callback(urls, requestUrl(req).searchParams, clientOf(req)));
  }

  /** OpenID Connect Back-Channel Logout 1.0: a form POST with `logout_token`; 200 when done, 400 when refused. */
  @Public()
  @Post(':organization/backchannel-logout')
  @HttpCode(200)
  @ApiExcludeEndpoint()
  @Header('Cache-Control', 'no-store')
  async backchannelLogout(@Param('organization') slug: string, @Body() body: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const token = typeof body?.logout_token === 'string' ? body.logout_token : undefined;
    try {
      await this.oidc.backchannelLogout(slug, token);
    } catch (failure) {
      // The specification's answer to a refused logout token is 400 (section 2.8); unknown organizations and providers stay 404.
      if (failure instanceof Error && 'code' in failure && failure.code === 'token_not_valid') {
        res.status(400).json({ error: 'invalid_request', error_description: failure.message });
        return;
      }
      throw failure;
    }
    res.status(200).end();
  }
}
