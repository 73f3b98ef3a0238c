import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { ApiKeysService } from '../api-keys.service';
import { CreateApiKeyDto } from '../dto/api-key.dto';
import { ApiKeyListResponse, CreatedApiKeyResponse } from '../dto/api-key.response';

/** Global admins manage the platform backend's API keys. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/api-keys')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  /** A new key; its secret is in this answer only. */
  @Post()
  @ApiErrors(400, 401, 403)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    return this.keys.create(user, dto);
  }

  /** Every API key (never the secrets). */
  @Get()
  @ApiErrors(401, 403)
  list(@CurrentUser() user: AuthUser): Promise<ApiKeyListResponse> {
    return this.keys.list(user);
  }

  /** Revokes at once: the next request with it gets 401 `api_key_not_valid`. */
  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(400, 401, 403, 404)
  revoke(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<void> {
    return this.keys.revoke(user, id);
  }
}
