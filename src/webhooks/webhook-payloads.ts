import { Injectable } from '@nestjs/common';
import { MessageViews } from '../messages/message-views';
import { MessagesRepository } from '../messages/messages.repository';
import { ClaimedDelivery } from './webhooks.repository';

/**
 * Renders the bodies of outbox rows that record only what an event is about
 * (`subject`), with the views the socket payloads use, so a webhook's `data` is
 * the socket payload of the same event. Rendered at the first attempt (the state
 * then, normally within a poll interval of the event) and kept for every retry.
 */
@Injectable()
export class WebhookPayloads {
  constructor(
    private readonly messages: MessagesRepository,
    private readonly views: MessageViews,
  ) {}

  /** Bodies by delivery id, for the claimed deliveries that have none yet. */
  async render(claimed: ClaimedDelivery[]): Promise<Map<string, Record<string, unknown>>> {
    const unrendered = claimed.filter((d) => d.payload === null);
    const messageIds = [...new Set(unrendered.flatMap((d) => (d.subject?.message_id ? [d.subject.message_id] : [])))];
    const messages = await this.messages.findByIds(messageIds);
    const views = new Map(await Promise.all(messages.map(async (m) => [m.id, await this.views.forRoom(m)] as const)));
    const bodies = new Map<string, Record<string, unknown>>();
    for (const d of unrendered) {
      const id = d.subject?.message_id;
      // Removed by retention before its first attempt: all there is left to say.
      const data = (id && views.get(id)) || { id: id ?? null, deleted: true };
      bodies.set(d.id, { type: d.event_type, timestamp: new Date(d.created_at).toISOString(), data });
    }
    return bodies;
  }
}
