import { Body, Controller, Delete, Get, HttpCode, Param, Put, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { requestUrl } from '../../../core/http/request-url';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { OidcProviderDto, SamlProviderDto } from '../dto/sign-in-provider.dto';
import { OidcProviderResponse, SamlProviderResponse } from '../dto/sign-in-provider.response';
import { SignInProvidersService } from '../sign-in-providers.service';

const originOf = (req: Request) => requestUrl(req).origin;

/** An organization's identity providers for browser sign-in (docs/sign-in.md): its admins and the operators. */
@ApiTags('sign-in')
@ApiBearerAuth()
@Controller('organizations/:id/sign-in')
export class SignInProvidersController {
  constructor(private readonly providers: SignInProvidersService) {}

  /** The OpenID Connect provider, with the URIs to register at it (404 when none is configured). */
  @Get('oidc')
  @ApiErrors(400, 401, 403, 404)
  getOidc(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string, @Req() req: Request): Promise<OidcProviderResponse> {
    return this.providers.getOidc(user, id, originOf(req));
  }

  /** Sets the OpenID Connect provider (replaces it; `client_secret` left out keeps the stored one). */
  @Put('oidc')
  @ApiErrors(400, 401, 403, 404)
  putOidc(
    @CurrentUser() user: AuthUser,
    @Param('id', new UuidPipe('id')) id: string,
    @Body() dto: OidcProviderDto,
    @Req() req: Request,
  ): Promise<OidcProviderResponse> {
    return this.providers.putOidc(user, id, dto, originOf(req));
  }

  /** Removes it: its sign-ins stop; logins it started stay until they end. */
  @Delete('oidc')
  @HttpCode(204)
  @ApiErrors(400, 401, 403, 404)
  removeOidc(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string, @Req() req: Request): Promise<void> {
    return this.providers.remove(user, id, 'oidc', originOf(req));
  }

  /** The SAML identity provider, with the service provider's values to give it (404 when none is configured). */
  @Get('saml')
  @ApiErrors(400, 401, 403, 404)
  getSaml(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string, @Req() req: Request): Promise<SamlProviderResponse> {
    return this.providers.getSaml(user, id, originOf(req));
  }

  /** Sets the SAML identity provider (replaces it). */
  @Put('saml')
  @ApiErrors(400, 401, 403, 404)
  putSaml(
    @CurrentUser() user: AuthUser,
    @Param('id', new UuidPipe('id')) id: string,
    @Body() dto: SamlProviderDto,
    @Req() req: Request,
  ): Promise<SamlProviderResponse> {
    return this.providers.putSaml(user, id, dto, originOf(req));
  }

  /** Removes it: its sign-ins stop; logins it started stay until they end. */
  @Delete('saml')
  @HttpCode(204)
  @ApiErrors(400, 401, 403, 404)
  removeSaml(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string, @Req() req: Request): Promise<void> {
    return this.providers.remove(user, id, 'saml', originOf(req));
  }
}
