import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Length } from 'class-validator';
import { API_KEY_SCOPES, ApiKeyScope } from '../store/entities/api-key.entity';
import { NoNul } from './no-nul';

export class CreateApiKeyDto {
  /** What the key is for ("LMS nightly sync"). */
  @IsString()
  @Length(1, 100)
  @NoNul()
  name: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true, maxItems: API_KEY_SCOPES.length, example: ['users', 'rooms'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(API_KEY_SCOPES.length)
  @IsIn(API_KEY_SCOPES, { each: true })
  scopes: ApiKeyScope[];
}
