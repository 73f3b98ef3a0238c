import { Module } from '@nestjs/common';
import { WebhookWorker } from './webhook-worker';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/** Signed outgoing webhooks: the outbox is filled by database triggers (migration WebhookOutbox), drained by WebhookWorker. */
@Module({
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhooksService, WebhookWorker],
  exports: [WebhookWorker],
})
export class WebhooksModule {}
