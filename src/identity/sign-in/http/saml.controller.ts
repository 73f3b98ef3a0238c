import { Body, Controller, Get, Header, Param, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../core/decorators/public.decorator';
import { AuthThrottleGuard } from '../../auth/guards/auth-throttle.guard';
import { SamlSignIn } from '../saml-sign-in.service';
import { SignInUrls } from '../sign-in-urls';

/**
 * SAML 2.0 sign-in (docs/sign-in.md): the browser's and the identity provider's routes (metadata
 * XML, redirects, a form post), left out of the OpenAPI document: docs/sign-in.md is their contract.
 */
@ApiExcludeController()
@Controller('auth/saml')
export class SamlController {
  constructor(private readonly saml: SamlSignIn) {}

  @Public()
  @Get(':organization/metadata')
  @Header('Content-Type', 'application/samlmetadata+xml; charset=utf-8')
  metadata(@Param('organization') slug: string, @Req() req: Request): Promise<string> {
    return this.saml.metadata(SignInUrls.of(req, slug));
  }

  @Public()
  @Get(':organization/login')
  @UseGuards(AuthThrottleGuard)
  @Header('Cache-Control', 'no-store')
  async login(@Param('organization') slug: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    res.redirect(302, await this.saml.login(SignInUrls.of(req, slug)));
  }

  /** The assertion consumer service (HTTP-POST binding): a form with `SAMLResponse`; 303 to the web app with `#handoff=`. */
  @Public()
  @Post(':organization/acs')
  @UseGuards(AuthThrottleGuard)
  @Header('Cache-Control', 'no-store')
  async acs(@Param('organization') slug: string, @Body() body: Record<string, unknown>, @Req() req: Request, @Res() res: Response): Promise<void> {
    const samlResponse = typeof body?.SAMLResponse === 'string' ? body.SAMLResponse : undefined;
    const client = { userAgent: req.get('user-agent'), ip: req.ip };
    res.redirect(303, await this.saml.acs(SignInUrls.of(req, slug), samlResponse, client));
  }
}
