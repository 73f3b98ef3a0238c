import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../core/decorators/public.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { deepLinkChoiceParams, launchParams, loginParams, registrationParams } from '../dto/lti-launch.dto';
import { LtiJwksResponse } from '../dto/lti.response';
import { LtiDeepLinkingService } from '../lti-deep-linking.service';
import { LtiDynamicRegistrationService } from '../lti-dynamic-registration.service';
import { LtiLaunchService } from '../lti-launch.service';
import { LtiTool } from '../lti-tool.service';
import { LtiUrls } from '../lti-urls';
import type { LtiPage } from '../lti-html';

const Org = () => Param('organizationId', new UuidPipe('organizationId'));
type Form = Record<string, unknown>;

/**
 * The URLs an LMS calls (docs/lti.md): no Parley token, the organization is in the path. Login and
 * launch take the platform's query or form post; pages are sent as HTML, refusals as the usual errors.
 * Only the key set is an API call; the browser's and the LMS's routes are left out of the OpenAPI
 * document (docs/lti.md is their contract, test/lti.e2e-spec.ts drives them).
 */
@ApiTags('lti')
@Public()
@Controller('lti/:organizationId')
export class LtiToolController {
  constructor(
    private readonly tool: LtiTool,
    private readonly launches: LtiLaunchService,
    private readonly deepLinking: LtiDeepLinkingService,
    private readonly registration: LtiDynamicRegistrationService,
  ) {}

  /** Third-party initiated login (OIDC initiation URL), as a GET: redirects to the platform's authorization endpoint. */
  @Get('login')
  @ApiExcludeEndpoint()
  @ApiErrors(400, 403, 404)
  async loginGet(@Org() organizationId: string, @Query() query: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const params = loginParams(query);
    res.redirect(302, await this.tool.within(organizationId, () => this.launches.login(params, LtiUrls.of(req, organizationId))));
  }

  /** The same login initiation as a form post. */
  @Post('login')
  @ApiExcludeEndpoint()
  @ApiErrors(400, 403, 404)
  async loginPost(@Org() organizationId: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const params = loginParams(body);
    res.redirect(302, await this.tool.within(organizationId, () => this.launches.login(params, LtiUrls.of(req, organizationId))));
  }

  /**
   * The launch (redirect URI): the platform's form post of `id_token` and `state`. A resource-link launch
   * redirects to the web app's course room with `#handoff=<code>`; a deep-linking request shows the room choice.
   */
  @Post('launch')
  @ApiExcludeEndpoint()
  @ApiErrors(400, 401, 403, 404)
  async launch(@Org() organizationId: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const params = launchParams(body);
    const outcome = await this.tool.within(organizationId, () =>
      this.launches.launch(params, LtiUrls.of(req, organizationId), { userAgent: req.get('user-agent'), ip: req.ip }),
    );
    if (outcome.kind === 'redirect') res.redirect(302, outcome.location);
    else this.send(res, outcome.page);
  }

  /** The organization's public keys (JWKS): what platforms verify Parley's signatures with. */
  @Get('jwks')
  @Header('cache-control', 'public, max-age=300')
  @ApiErrors(400, 404)
  jwks(@Org() organizationId: string): Promise<LtiJwksResponse> {
    return this.tool.jwks(organizationId);
  }

  /** The instructor's choice on the deep-linking page: answers a page that posts the signed response to the platform. */
  @Post('deep-linking')
  @ApiExcludeEndpoint()
  @HttpCode(200)
  @ApiErrors(400, 401, 404)
  async deepLink(@Org() organizationId: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const params = deepLinkChoiceParams(body);
    this.send(res, await this.tool.within(organizationId, () => this.deepLinking.respond(params, LtiUrls.of(req, organizationId))));
  }

  /** LTI Dynamic Registration: the LMS opens this (an admin's registration URL) with `openid_configuration` and `registration_token`. */
  @Get('register')
  @ApiExcludeEndpoint()
  @ApiErrors(400, 401, 404, 409)
  async register(@Org() organizationId: string, @Query() query: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const params = registrationParams(query);
    this.send(res, await this.tool.within(organizationId, () => this.registration.register(params, LtiUrls.of(req, organizationId))));
  }

  /** An LTI page: never cached, shown in the LMS's frame when LTI_FRAME_ANCESTORS names it. */
  private send(res: Response, page: LtiPage): void {
    res.removeHeader('X-Frame-Options');
    res.status(200).type('html').setHeader('cache-control', 'no-store').setHeader('content-security-policy', this.tool.csp(page)).send(page.html);
  }
}
