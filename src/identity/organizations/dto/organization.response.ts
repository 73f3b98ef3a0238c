import { ApiProperty } from '@nestjs/swagger';
import type { Organization } from '../../../core/organizations/store/entities/organization.entity';
import { OrganizationSettingsDto } from './organization.dto';
import { UserResponse } from '../../users/dto/user.response';

export class OrganizationResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;
  slug: string;
  name: string;
  @ApiProperty({ type: OrganizationSettingsDto })
  settings: OrganizationSettingsDto;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
}

export class CreatedOrganizationResponse extends OrganizationResponse {
  /** The first administrator, made with the organization. */
  @ApiProperty({ type: UserResponse })
  admin: UserResponse;
}

export class OrganizationListResponse {
  results: OrganizationResponse[];
}

export function toOrganizationResponse(organization: Organization): OrganizationResponse {
  return {
    id: organization.id,
    slug: organization.slug,
    name: organization.name,
    settings: organization.settings,
    created_at: organization.createdAt.toISOString(),
  };
}
