import { ApiProperty } from '@nestjs/swagger';
import { API_KEY_SCOPES, ApiKey, ApiKeyScope } from '../store/entities/api-key.entity';

export class ApiKeyResponse {
  id: string;
  name: string;
  /** The secret's first characters, to tell keys apart. */
  prefix: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true })
  scopes: ApiKeyScope[];
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_used_at: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  revoked_at: string | null;
}

export class CreatedApiKeyResponse extends ApiKeyResponse {
  /** The secret, shown this once: send it as `X-Api-Key` (or `Authorization: Bearer`). */
  key: string;
}

export class ApiKeyListResponse {
  results: ApiKeyResponse[];
}

export function toApiKeyResponse(key: ApiKey): ApiKeyResponse {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    created_at: key.createdAt.toISOString(),
    last_used_at: key.lastUsedAt ? key.lastUsedAt.toISOString() : null,
    revoked_at: key.revokedAt ? key.revokedAt.toISOString() : null,
  };
}
