import { Module } from '@nestjs/common';
import { MessageStoreModule } from '../messages/message-store.module';
import { WebhookPayloads } from './webhook-payloads';
import { WebhookWorker } from './webhook-worker';
import { WebhooksController } from './webhooks.controller';
import { WebhooksRepository } from './webhooks.repository';
import { WebhooksService } from './webhooks.service';

/**
 * Signed outgoing webhooks: the outbox is filled in the changing transaction (migrations WebhookOutbox and
 * WebhookMessagesRenderedInApp), drained by WebhookWorker, message bodies rendered by WebhookPayloads.
 */
@Module({
  imports: [MessageStoreModule],
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhooksService, WebhookWorker, WebhookPayloads],
  exports: [WebhookWorker],
})
export class WebhooksModule {}
