import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsObject, IsString, IsUrl, Length, Matches, ValidateNested } from 'class-validator';
import { Optional } from '../../../core/validation/fields';
import { TextLength } from '../../../core/validation/text-length';

const URL_OPTIONS = { protocols: ['https', 'http'], require_tld: false, require_protocol: true };

/** Which claim (OIDC) or attribute (SAML) of the identity provider fills each Parley profile field. */
export class ProfileMappingDto {
  /** The username's source (made Parley-safe and unique in the organization on first sign-in). */
  @Optional()
  @IsString()
  @Length(1, 255)
  username?: string;

  @Optional()
  @IsString()
  @Length(1, 255)
  display_name?: string;

  /** Kept only when valid and not another user's: accounts are never linked by e-mail. */
  @Optional()
  @IsString()
  @Length(1, 255)
  email?: string;
}

/** An organization's OpenID Connect provider (PUT replaces it; `client_secret` left out keeps the stored one). */
export class OidcProviderDto {
  /** The issuer URL; its `/.well-known/openid-configuration` is read. https (http only for a loopback host). */
  @IsUrl(URL_OPTIONS)
  @TextLength(1, 512)
  issuer: string;

  @IsString()
  @TextLength(1, 255)
  client_id: string;

  /** Stored encrypted and never answered. Left out: the stored one stays; null: none (a public client). */
  @ApiProperty({ type: String, nullable: true, required: false, minLength: 1, maxLength: 1024 })
  @Optional({ nullable: true })
  @IsString()
  @TextLength(1, 1024)
  client_secret?: string | null;

  /** Scopes asked for; `openid` is always added. Default: `openid profile email`. */
  @Optional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 100, { each: true })
  @Matches(/^[\x21\x23-\x5B\x5D-\x7E]+$/, { each: true })
  scopes?: string[];

  /** Default: `preferred_username`, `name`, `email`. */
  @ApiProperty({ type: ProfileMappingDto, required: false })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => ProfileMappingDto)
  claims?: ProfileMappingDto;

  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

/** An organization's SAML 2.0 identity provider (PUT replaces it). */
export class SamlProviderDto {
  /** The identity provider's entity id: the Issuer its responses must carry. */
  @IsString()
  @TextLength(1, 512)
  idp_entity_id: string;

  /** Its single sign-on URL (HTTP-Redirect binding). */
  @IsUrl(URL_OPTIONS)
  @TextLength(1, 1024)
  sso_url: string;

  /** Its signing certificate(s), PEM or bare base64 (more than one while it rotates its key). */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsString({ each: true })
  @Length(100, 20000, { each: true })
  idp_certificates: string[];

  /** Default: `username`, `displayName`, `email`. */
  @ApiProperty({ type: ProfileMappingDto, required: false })
  @Optional()
  @IsObject()
  @ValidateNested()
  @Type(() => ProfileMappingDto)
  attributes?: ProfileMappingDto;

  @Optional()
  @IsBoolean()
  enabled?: boolean;
}
