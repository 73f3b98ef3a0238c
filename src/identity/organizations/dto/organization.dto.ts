import { ApiProperty, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsInt, IsObject, IsString, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Optional } from '../../../core/validation/fields';
import { TextLength } from '../../../core/validation/text-length';
import { RegisterDto } from '../../auth/dto/register.dto';

/** Per-organization settings; docs/organizations.md says which Parley honours so far. null: the deployment's. */
export class OrganizationSettingsDto {
  /** Days messages are kept where a room sets none (0: forever). Honoured by the retention sweep. */
  @Optional({ nullable: true })
  @IsInt()
  @Min(0)
  @Max(36500)
  retention_days?: number | null;

  /** Largest upload, in bytes (stored; not yet enforced per organization). */
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  upload_max_bytes?: number | null;

  /** Accepted upload MIME types (stored; not yet enforced per organization). */
  @Optional({ nullable: true })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 255, { each: true })
  upload_types?: string[] | null;

  /** false: username and password sign-in is refused for this organization. Honoured. */
  @Optional()
  @IsBoolean()
  local_sign_in?: boolean;

  /** The organization's own identity provider (stored; sign-in through it is not yet per organization). */
  @Optional({ nullable: true })
  @IsString()
  @TextLength(1, 255)
  idp_issuer?: string | null;

  @Optional({ nullable: true })
  @IsString()
  @TextLength(1, 255)
  idp_audience?: string | null;
}

/** The organization's first administrator: a global admin inside it. */
export class FirstAdminDto extends PickType(RegisterDto, ['username', 'email', 'password', 'display_name'] as const) {}

export class CreateOrganizationDto {
  /** 2..64 characters of a-z 0-9 and -: what its users give at sign-in (`organization`). */
  @IsString()
  @TextLength(2, 64)
  @Matches(/^[a-z0-9][a-z0-9-]{1,63}$/, { message: 'Use 2 to 64 characters: a-z, 0-9 and -, starting with a letter or digit.' })
  slug: string;

  @IsString()
  @TextLength(1, 150)
  name: string;

  @ApiProperty({ type: OrganizationSettingsDto, required: false })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => OrganizationSettingsDto)
  settings?: OrganizationSettingsDto;

  @ApiProperty({ type: FirstAdminDto })
  @IsObject()
  @ValidateNested()
  @Type(() => FirstAdminDto)
  admin: FirstAdminDto;
}

export class UpdateOrganizationDto {
  @Optional()
  @IsString()
  @TextLength(1, 150)
  name?: string;

  /** Merged into the current settings: a key left out keeps its value. */
  @ApiProperty({ type: OrganizationSettingsDto, required: false })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => OrganizationSettingsDto)
  settings?: OrganizationSettingsDto;
}
