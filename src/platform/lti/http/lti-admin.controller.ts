import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser } from '../../../core/auth/auth-user';
import { OrganizationScope } from '../../../core/database/organization-scope';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { Policy } from '../../../core/policy/policy';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { CreateLtiPlatformDto, UpdateLtiPlatformDto } from '../dto/lti-platform.dto';
import {
  LtiKeyRotatedResponse,
  LtiPlatformListResponse,
  LtiPlatformResponse,
  LtiRegistrationInviteResponse,
  LtiToolConfigResponse,
} from '../dto/lti.response';
import { LtiDynamicRegistrationService } from '../lti-dynamic-registration.service';
import { LtiKeys } from '../lti-keys.service';
import { LtiPlatformsService } from '../lti-platforms.service';
import { LtiUrls } from '../lti-urls';

const urlsOf = (req: Request) => LtiUrls.of(req, OrganizationScope.organizationId()!);

/** An organization's admins register LMSs (LTI 1.3 platforms) and read what to paste into them (docs/lti.md). */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/lti')
export class LtiAdminController {
  constructor(
    private readonly platforms: LtiPlatformsService,
    private readonly keys: LtiKeys,
    private readonly registration: LtiDynamicRegistrationService,
  ) {}

  /** The tool's URLs for this organization: the login (OIDC initiation), launch (redirect) and JWKS URLs to give an LMS. */
  @Get('tool')
  @ApiErrors(401, 403)
  tool(@CurrentUser() user: AuthUser, @Req() req: Request): LtiToolConfigResponse {
    Policy.require(user, 'lti.manage');
    return urlsOf(req).tool();
  }

  /** Registers a platform: launches signed by its issuer for this client id are accepted from its deployments. */
  @Post('platforms')
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateLtiPlatformDto, @Req() req: Request): Promise<LtiPlatformResponse> {
    return this.platforms.create(user, dto, urlsOf(req));
  }

  /** Every platform registered in this organization. */
  @Get('platforms')
  @ApiErrors(401, 403)
  list(@CurrentUser() user: AuthUser, @Req() req: Request): Promise<LtiPlatformListResponse> {
    return this.platforms.list(user, urlsOf(req));
  }

  /** One registered platform. */
  @Get('platforms/:id')
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string, @Req() req: Request): Promise<LtiPlatformResponse> {
    return this.platforms.get(user, id, urlsOf(req));
  }

  /** Changes the deployments or endpoints (issuer and client id identify the registration: make a new one instead). */
  @Patch('platforms/:id')
  @ApiErrors(400, 401, 403, 404)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', new UuidPipe('id')) id: string,
    @Body() dto: UpdateLtiPlatformDto,
    @Req() req: Request,
  ): Promise<LtiPlatformResponse> {
    return this.platforms.update(user, id, dto, urlsOf(req));
  }

  /** Removes a platform: its launches are refused from then on; the course rooms stay. */
  @Delete('platforms/:id')
  @HttpCode(204)
  @ApiErrors(400, 401, 403, 404)
  remove(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<void> {
    return this.platforms.remove(user, id);
  }

  /** A new signing key; the older ones stay in the JWKS so tokens signed before still verify. */
  @Post('keys/rotate')
  @HttpCode(200)
  @ApiErrors(401, 403)
  rotate(@CurrentUser() user: AuthUser): Promise<LtiKeyRotatedResponse> {
    return this.keys.rotate(user);
  }

  /** A dynamic registration URL (LTI Dynamic Registration 1.0) to paste into the LMS; it works for an hour. */
  @Post('dynamic-registrations')
  @ApiErrors(401, 403)
  invite(@CurrentUser() user: AuthUser, @Req() req: Request): Promise<LtiRegistrationInviteResponse> {
    return this.registration.invite(user, urlsOf(req));
  }
}
