import { ApiProperty } from '@nestjs/swagger';
import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, IsArray, IsNotEmpty, IsString, IsUrl, MaxLength } from 'class-validator';
import { Optional, Trim } from '../../../core/validation/fields';
import { NoNul } from '../../integrations/dto/no-nul';

const UrlField = (required = true, nullable = false) =>
  applyDecorators(
    ApiProperty({ type: String, maxLength: 2048, format: 'uri', required, nullable }),
    IsString(),
    MaxLength(2048),
    IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false }),
    NoNul(),
  );
const IdField = () =>
  applyDecorators(
    ApiProperty({ type: String, maxLength: 255 }),
    Trim(),
    IsString(),
    IsNotEmpty({ message: 'This field may not be blank.' }),
    MaxLength(255),
    NoNul(),
  );

/** A platform (LMS) as its administrator's screen names it (docs/lti.md, "Registering a platform"). */
export class CreateLtiPlatformDto {
  /** A label for admins ("Canvas production"). */
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(100)
  @NoNul()
  name?: string;

  /** The platform's issuer (`iss` of its id tokens), e.g. `https://canvas.instructure.com`. */
  @IdField()
  issuer: string;

  /** The client id the platform gave Parley (Canvas: the developer key's id). */
  @IdField()
  client_id: string;

  /** The deployment ids launches may carry; a launch with another is refused. */
  @ApiProperty({ type: [String], maxItems: 100, example: ['1:abc'] })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(255, { each: true })
  @NoNul()
  deployment_ids: string[];

  /** The platform's OIDC authorization endpoint (Canvas: `https://sso.canvaslms.com/api/lti/authorize_redirect`). */
  @UrlField()
  authorization_endpoint: string;

  /** The platform's public key set URL. */
  @UrlField()
  jwks_url: string;

  /** The platform's OAuth 2 token endpoint (LTI Advantage services: the roster); without it no roster sync. */
  @Optional({ nullable: true })
  @UrlField(false, true)
  token_endpoint?: string | null;
}

export class UpdateLtiPlatformDto {
  @Optional()
  @Trim()
  @IsString()
  @MaxLength(100)
  @NoNul()
  name?: string;

  @ApiProperty({ type: [String], maxItems: 100, required: false })
  @Optional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @IsNotEmpty({ each: true })
  @MaxLength(255, { each: true })
  @NoNul()
  deployment_ids?: string[];

  @Optional()
  @UrlField(false)
  authorization_endpoint?: string;

  @Optional()
  @UrlField(false)
  jwks_url?: string;

  @Optional({ nullable: true })
  @UrlField(false, true)
  token_endpoint?: string | null;
}
