import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { CreateOrganizationDto, UpdateOrganizationDto } from '../dto/organization.dto';
import { CreatedOrganizationResponse, OrganizationListResponse, OrganizationResponse } from '../dto/organization.response';
import { OrganizationsService } from '../organizations.service';

/** Organizations (docs/organizations.md): operators create and list them; each organization's admins manage their own. */
@ApiTags('organizations')
@ApiBearerAuth()
@Controller('organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  /** A new organization with its first admin (operators only). Its users sign in with `organization: <slug>`. */
  @Post()
  @ApiErrors(400, 401, 403, 409)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateOrganizationDto): Promise<CreatedOrganizationResponse> {
    return this.organizations.create(user, dto);
  }

  /** Every organization (operators only). */
  @Get()
  @ApiErrors(401, 403)
  list(@CurrentUser() user: AuthUser): Promise<OrganizationListResponse> {
    return this.organizations.list(user);
  }

  /** One organization: operators, and its own admins (anyone else: 404). */
  @Get(':id')
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<OrganizationResponse> {
    return this.organizations.get(user, id);
  }

  /** Renames it or changes settings (merged: keys left out keep their values). */
  @Patch(':id')
  @ApiErrors(400, 401, 403, 404)
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', new UuidPipe('id')) id: string,
    @Body() dto: UpdateOrganizationDto,
  ): Promise<OrganizationResponse> {
    return this.organizations.update(user, id, dto);
  }
}
