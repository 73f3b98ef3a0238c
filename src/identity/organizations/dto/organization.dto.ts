import { ApiProperty, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsString, IsUrl, Length, Matches, Max, Min, ValidateNested } from 'class-validator';
import { Optional } from '../../../core/validation/fields';
import { TextLength } from '../../../core/validation/text-length';
import { RegisterDto } from '../../auth/dto/register.dto';
import { SCIM_DEACTIVATIONS, type ScimDeactivation } from '../../../core/organizations/store/entities/organization.entity';

/** An organization's own per-user abuse limits: each replaces the deployment's (…_LIMIT), over the deployment's window. null: the deployment's. */
export class OrganizationLimitsDto {
  /** Rooms one user creates per ROOM_CREATE_WINDOW. */
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(1000000)
  room_create?: number | null;

  /** Invitations one user sends per INVITE_WINDOW. */
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(1000000)
  invite?: number | null;

  /** Invitations of one user to one room per INVITE_REPEAT_WINDOW. */
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(1000000)
  invite_repeat?: number | null;

  /** Users one user adds to rooms per MEMBER_ADD_WINDOW. */
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(1000000)
  member_add?: number | null;

  /** Times one user is added or invited per MEMBER_ADDED_WINDOW. */
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(1000000)
  member_added?: number | null;

  /** Reactions one user adds or removes per REACTION_WINDOW. */
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(1000000)
  reaction?: number | null;

  /** Reports one user files per REPORT_WINDOW. */
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  @Max(1000000)
  report?: number | null;
}

/** Per-organization settings; docs/organizations.md says what each does. null: the deployment's. */
export class OrganizationSettingsDto {
  /** Days messages are kept where a room sets none (0: forever). Honoured by the retention sweep. */
  @Optional({ nullable: true })
  @IsInt()
  @Min(0)
  @Max(36500)
  retention_days?: number | null;

  /** Largest upload, in bytes: at most the deployment's UPLOAD_MAX_BYTES, which applies where this is larger. */
  @Optional({ nullable: true })
  @IsInt()
  @Min(1)
  upload_max_bytes?: number | null;

  /** Accepted upload types (`type/subtype` or `type/*`): a file must be accepted by these and by the deployment's UPLOAD_ALLOWED_TYPES. */
  @Optional({ nullable: true })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 255, { each: true })
  @Matches(/^[a-z0-9][a-z0-9!#$&^_.+-]*\/(\*|[a-z0-9][a-z0-9!#$&^_.+-]*)$/i, { each: true, message: 'Each type is type/subtype or type/*.' })
  upload_types?: string[] | null;

  /** Per-user abuse limits of this organization's users (merged as a whole: a PATCH replaces the object). */
  @ApiProperty({ type: OrganizationLimitsDto, required: false, nullable: true })
  @Optional({ nullable: true })
  @IsObject()
  @ValidateNested()
  @Type(() => OrganizationLimitsDto)
  limits?: OrganizationLimitsDto | null;

  /** false: username and password sign-in is refused for this organization. Honoured. */
  @Optional()
  @IsBoolean()
  local_sign_in?: boolean;

  /**
   * What a SCIM client's `active: false` does to the user's rooms (docs/scim.md): `keep_rooms` (the default: sign-in,
   * refresh and sockets end, memberships stay for a reactivation) or `leave_rooms` (the user leaves every room too).
   */
  @ApiProperty({ enum: SCIM_DEACTIVATIONS, required: false })
  @Optional()
  @IsIn(SCIM_DEACTIVATIONS)
  scim_deactivation?: ScimDeactivation;

  /**
   * The organization's own identity provider: bearer tokens with this `iss` sign in to this organization
   * only (one organization per issuer: 409 otherwise). Needs idp_audience.
   */
  @Optional({ nullable: true })
  @IsString()
  @TextLength(1, 255)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  idp_issuer?: string | null;

  /** The `aud` its tokens must carry; without it the provider's tokens are refused. */
  @Optional({ nullable: true })
  @IsString()
  @TextLength(1, 255)
  idp_audience?: string | null;

  /** The provider's JWK set; absent: the `jwks_uri` of idp_issuer's discovery document. */
  @Optional({ nullable: true })
  @IsString()
  @TextLength(1, 2048)
  @IsUrl({ protocols: ['https', 'http'], require_protocol: true, require_tld: false })
  idp_jwks_url?: string | null;

  /** Claim paths (dots for nesting) of the username, display name and e-mail; absent: the deployment's AUTH_CLAIM_*. */
  @Optional({ nullable: true })
  @IsString()
  @TextLength(1, 255)
  idp_claim_username?: string | null;

  @Optional({ nullable: true })
  @IsString()
  @TextLength(1, 255)
  idp_claim_name?: string | null;

  @Optional({ nullable: true })
  @IsString()
  @TextLength(1, 255)
  idp_claim_email?: string | null;
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
