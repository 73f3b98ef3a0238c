import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuthUser } from '../../../core/auth/auth-user';
import { CurrentUser } from '../../../core/decorators/current-user.decorator';
import { RequestUrl } from '../../../core/decorators/request-url.decorator';
import { UuidPipe } from '../../../core/pipes/uuid.pipe';
import { ApiErrors } from '../../../core/swagger/api-errors.decorator';
import { CreateWebhookDto, DeliveriesQuery, UpdateWebhookDto } from '../dto/webhook.dto';
import {
  RequeuedResponse,
  WebhookDeliveryPageResponse,
  WebhookDeliveryResponse,
  WebhookListResponse,
  WebhookResponse,
  WebhookWithSecretResponse,
} from '../dto/webhook.response';
import { WebhooksService } from '../webhooks.service';

/** Signed outgoing webhooks (Standard Webhooks), managed by global admins. */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('admin/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  /** A new endpoint and its signing secret. */
  @Post()
  @ApiErrors(400, 401, 403)
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateWebhookDto): Promise<WebhookWithSecretResponse> {
    return this.webhooks.create(user, dto);
  }

  /** Every webhook endpoint (never the secrets). */
  @Get()
  @ApiErrors(401, 403)
  list(@CurrentUser() user: AuthUser): Promise<WebhookListResponse> {
    return this.webhooks.list(user);
  }

  /** With `failing_since` / `failure_reason` when deliveries gave up. */
  @Get(':id')
  @ApiErrors(400, 401, 403, 404)
  get(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<WebhookResponse> {
    return this.webhooks.get(user, id);
  }

  /** Change the address, event types or active flag of a webhook endpoint. */
  @Patch(':id')
  @ApiErrors(400, 401, 403, 404)
  update(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string, @Body() dto: UpdateWebhookDto): Promise<WebhookResponse> {
    return this.webhooks.update(user, id, dto);
  }

  /** Remove a webhook endpoint: nothing more is delivered to it. */
  @Delete(':id')
  @HttpCode(204)
  @ApiErrors(400, 401, 403, 404)
  remove(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<void> {
    return this.webhooks.remove(user, id);
  }

  /** A new signing secret, shown in this answer only. */
  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiErrors(400, 401, 403, 404)
  rotate(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<WebhookWithSecretResponse> {
    return this.webhooks.rotateSecret(user, id);
  }

  /** Queues a signed `webhook.test` event to the endpoint. */
  @Post(':id/test')
  @HttpCode(202)
  @ApiErrors(400, 401, 403, 404)
  ping(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<WebhookDeliveryResponse> {
    return this.webhooks.ping(user, id);
  }

  /** The delivery log, newest first, keyset-paged (`before`), filterable by status. */
  @Get(':id/deliveries')
  @ApiErrors(400, 401, 403, 404)
  deliveries(
    @CurrentUser() user: AuthUser,
    @Param('id', new UuidPipe('id')) id: string,
    @Query() query: DeliveriesQuery,
    @RequestUrl() url: URL,
  ): Promise<WebhookDeliveryPageResponse> {
    return this.webhooks.deliveries(user, id, query, url);
  }

  /** Sends one delivery again (same webhook-id, fresh attempts). */
  @Post(':id/deliveries/:deliveryId/redeliver')
  @HttpCode(202)
  @ApiErrors(400, 401, 403, 404)
  redeliver(
    @CurrentUser() user: AuthUser,
    @Param('id', new UuidPipe('id')) id: string,
    @Param('deliveryId', new UuidPipe('deliveryId')) deliveryId: string,
  ): Promise<WebhookDeliveryResponse> {
    return this.webhooks.redeliver(user, id, deliveryId);
  }

  /** Requeues every delivery that gave up and clears the failing mark. */
  @Post(':id/replay')
  @HttpCode(202)
  @ApiErrors(400, 401, 403, 404)
  replay(@CurrentUser() user: AuthUser, @Param('id', new UuidPipe('id')) id: string): Promise<RequeuedResponse> {
    return this.webhooks.replayFailed(user, id);
  }
}
