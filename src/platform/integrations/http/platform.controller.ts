import { Body, Controller, HttpCode, Param, Post, Put, Res, UseGuards } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '../../../core/decorators/public.decorator';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { ApiKeyGuard, CurrentApiKey, RequireScope } from './api-key.guard';
import { PlatformMessageDto, PutRosterDto, UpsertPlatformRoomDto, UpsertPlatformUserDto } from '../dto/platform.dto';
import { MintedTokenResponse, PlatformMessageResponse, PlatformRoomResponse, PlatformUserResponse, RosterResponse } from '../dto/platform.response';
import { ApiKey } from '../store/entities/api-key.entity';
import { ExternalIdPipe } from '../external-id.pipe';
import { PlatformMessagesService } from '../platform-messages.service';
import { PlatformRoomsService } from '../platform-rooms.service';
import { PlatformUsersService } from '../platform-users.service';
import { RosterService } from '../roster.service';

/**
 * The server API for the host platform's backend: API keys, not user tokens.
 * Everything is keyed by the platform's own ids and safe to replay.
 */
@ApiTags('platform')
@ApiSecurity('api_key')
@Public()
@UseGuards(ApiKeyGuard)
@Controller('platform')
export class PlatformController {
  constructor(
    private readonly users: PlatformUsersService,
    private readonly rooms: PlatformRoomsService,
    private readonly roster: RosterService,
    private readonly messages: PlatformMessagesService,
  ) {}

  /** Create (201) or update (200) the user with this external id. Scope `users`. */
  @Put('users/:external_id')
  @RequireScope('users')
  @ApiCreatedResponse({ type: PlatformUserResponse, description: 'Created.' })
  @ApiOkResponse({ type: PlatformUserResponse, description: 'Updated (or unchanged).' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  async upsertUser(
    @Param('external_id', ExternalIdPipe) externalId: string,
    @Body() dto: UpsertPlatformUserDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PlatformUserResponse> {
    const result = await this.users.upsert(externalId, dto);
    res.status(result.created ? 201 : 200);
    return result;
  }

  /** A Parley access token for the user (a server-side token). Scope `tokens`. */
  @Post('users/:external_id/tokens')
  @RequireScope('tokens')
  @ApiErrors(400, 401, 403, 404, 429)
  mintToken(@CurrentApiKey() key: ApiKey, @Param('external_id', ExternalIdPipe) externalId: string): Promise<MintedTokenResponse> {
    return this.users.mintToken(key, externalId);
  }

  /** Create (201) or update (200) the room with this external id (a COURSE room by default). Scope `rooms`. */
  @Put('rooms/:external_id')
  @RequireScope('rooms')
  @ApiCreatedResponse({ type: PlatformRoomResponse, description: 'Created.' })
  @ApiOkResponse({ type: PlatformRoomResponse, description: 'Updated (or unchanged).' })
  @ApiErrors(400, 401, 403, 404, 409, 429)
  async upsertRoom(
    @Param('external_id', ExternalIdPipe) externalId: string,
    @Body() dto: UpsertPlatformRoomDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PlatformRoomResponse> {
    const result = await this.rooms.upsert(externalId, dto);
    res.status(result.created ? 201 : 200);
    return result;
  }

  /** The room's full member list; only the difference is applied, in one transaction. Scope `rooms`. */
  @Put('rooms/:external_id/members')
  @HttpCode(200)
  @RequireScope('rooms')
  @ApiErrors(400, 401, 403, 404, 409, 429)
  putRoster(@Param('external_id', ExternalIdPipe) externalId: string, @Body() dto: PutRosterDto): Promise<RosterResponse> {
    return this.roster.put(externalId, dto);
  }

  /** Post as the platform's bot user: 201, or 200 with the first message for a known `client_message_id`. Scope `messages`. */
  @Post('rooms/:external_id/messages')
  @RequireScope('messages')
  @ApiCreatedResponse({ type: PlatformMessageResponse, description: 'Posted.' })
  @ApiOkResponse({ type: PlatformMessageResponse, description: 'A retry: the first message with this client_message_id.' })
  @ApiErrors(400, 401, 403, 404, 409, 422, 429)
  async postMessage(
    @Param('external_id', ExternalIdPipe) externalId: string,
    @Body() dto: PlatformMessageDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PlatformMessageResponse> {
    const result = await this.messages.post(externalId, dto);
    res.status(result.created ? 201 : 200);
    return result;
  }
}
