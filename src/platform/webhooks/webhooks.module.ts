import { Module } from '@nestjs/common';
import { ConversationsModule } from '../../conversations/conversations.module';
import { WebhookPayloads } from './webhook-payloads';
import { WebhookRenderer } from './webhook-renderer';
import { WebhookWorker } from './webhook-worker';
import { WebhooksController } from './http/webhooks.controller';
import { WebhooksRepository } from './store/webhooks.repository';
import { WebhooksService } from './webhooks.service';
import { PreSendHookClient } from './presend-hook';

/**
 * Signed outgoing webhooks: the outbox is filled in the changing transaction (migrations WebhookOutbox,
 * WebhookMessagesRenderedInApp and WebhookEventsRenderedInApp), drained by WebhookWorker, bodies rendered by
 * WebhookPayloads with the socket payloads' views.
 */
@Module({
  imports: [ConversationsModule],
  controllers: [WebhooksController],
  providers: [WebhooksRepository, WebhooksService, WebhookWorker, WebhookPayloads, WebhookRenderer, PreSendHookClient],
  exports: [WebhookWorker],
})
export class WebhooksModule {}
