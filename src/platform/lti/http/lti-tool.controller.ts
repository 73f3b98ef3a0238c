import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
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

const HTML = { description: 'An HTML page.', content: { 'text/html': { schema: { type: 'string' } } } };
const LOGIN_PARAMS: SchemaObject = {
  type: 'object',
  required: ['iss', 'login_hint', 'target_link_uri'],
  properties: {
    iss: { type: 'string', maxLength: 255 },
    login_hint: { type: 'string', maxLength: 2048 },
    target_link_uri: { type: 'string', maxLength: 2048 },
    lti_message_hint: { type: 'string', maxLength: 4096 },
    client_id: { type: 'string', maxLength: 255 },
    lti_deployment_id: { type: 'string', maxLength: 255 },
  },
};
const Org = () => Param('organizationId', new UuidPipe('organizationId'));
type Form = Record<string, unknown>;

/**
 * The URLs an LMS calls (docs/lti.md): no Parley token, the organization is in the path. Login and
 * launch take the platform's query or form post; pages are sent as HTML, refusals as the usual errors.
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
  @ApiResponse({ status: 302, description: "To the platform's authorization endpoint with state and nonce." })
  @ApiErrors(400, 403, 404)
  async loginGet(@Org() organizationId: string, @Query() query: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const params = loginParams(query);
    res.redirect(302, await this.tool.within(organizationId, () => this.launches.login(params, LtiUrls.of(req, organizationId))));
  }

  /** The same login initiation as a form post. */
  @Post('login')
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({ schema: LOGIN_PARAMS })
  @ApiResponse({ status: 302, description: "To the platform's authorization endpoint with state and nonce." })
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
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        id_token: { type: 'string', maxLength: 65536 },
        state: { type: 'string', maxLength: 255 },
        error: { type: 'string', maxLength: 255 },
        error_description: { type: 'string', maxLength: 2048 },
      },
    },
  })
  @ApiResponse({ status: 302, description: 'To the web app at the course room, signed in by `#handoff=<code>`.' })
  @ApiOkResponse(HTML)
  @ApiProduces('text/html')
  @ApiErrors(400, 401, 403, 404)
  async launch(@Org() organizationId: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const params = launchParams(body);
    const outcome = await this.tool.within(organizationId, () =>
      this.launches.launch(params, LtiUrls.of(req, organizationId), { userAgent: req.get('user-agent'), ip: req.ip }),
    );
    if (outcome.kind === 'redirect') res.redirect(302, outcome.location);
    else res.status(200).type('html').setHeader('cache-control', 'no-store').send(outcome.html);
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
  @HttpCode(200)
  @ApiConsumes('application/x-www-form-urlencoded')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['session', 'room'],
      properties: {
        session: { type: 'string', maxLength: 16384 },
        room: { type: 'string', maxLength: 300 },
        name: { type: 'string', maxLength: 150 },
      },
    },
  })
  @ApiOkResponse(HTML)
  @ApiProduces('text/html')
  @ApiErrors(400, 401, 404)
  async deepLink(@Org() organizationId: string, @Body() body: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const params = deepLinkChoiceParams(body);
    const html = await this.tool.within(organizationId, () => this.deepLinking.respond(params, LtiUrls.of(req, organizationId)));
    res.status(200).type('html').setHeader('cache-control', 'no-store').send(html);
  }

  /** LTI Dynamic Registration: the LMS opens this (an admin's registration URL) with `openid_configuration` and `registration_token`. */
  @Get('register')
  @ApiOkResponse(HTML)
  @ApiProduces('text/html')
  @ApiErrors(400, 401, 404, 409)
  @ApiResponse({ status: 502, description: 'The platform answered something unusable (`lti_platform_failed`).' })
  async register(@Org() organizationId: string, @Query() query: Form, @Req() req: Request, @Res() res: Response): Promise<void> {
    const params = registrationParams(query);
    const html = await this.tool.within(organizationId, () => this.registration.register(params, LtiUrls.of(req, organizationId)));
    res.status(200).type('html').setHeader('cache-control', 'no-store').send(html);
  }
}
