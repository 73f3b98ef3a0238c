import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config.service';
import { OnDomainEvent } from '../../core/events/domain-event-bus';
import type { MentionEvent, MessageEvent } from '../../core/events/domain-events';
import { PresenceStore } from '../../identity/presence/presence.store';
import { quietHoursEnd } from './quiet-hours';
import { NotificationOutboxRepository, Recipient } from './store/notification-outbox.repository';

/**
 * Turns new messages into outbox rows for the members who are away: the ones their preferences say
 * to notify (one statement whatever the room's size), less those with a connected socket anywhere
 * (the presence store). Push is due after NOTIFICATION_PUSH_DELAY_MS (later inside quiet hours), so
 * messages meanwhile collapse into it; an email digest after NOTIFICATION_EMAIL_DELAY.
 */
@Injectable()
export class NotificationPlanner {
  private readonly logger = new Logger('Notifications');
  /** `Mentioned` is published right after `MessageCreated`, in the same tick: its users wait here for the plan. */
  private readonly mentions = new Map<string, string[]>();
  /** One plan at a time on this node, so two messages of a room cannot both open a row for the same user. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly outbox: NotificationOutboxRepository,
    private readonly presence: PresenceStore,
    private readonly config: AppConfig,
  ) {}

  @OnDomainEvent('Mentioned')
  onMentioned(event: MentionEvent): void {
    this.mentions.set(event.message.id, event.userIds);
  }

  @OnDomainEvent('MessageCreated')
  onMessageCreated(event: MessageEvent): Promise<void> {
    const planned = this.queue.then(async () => {
      await new Promise((resolve) => setImmediate(resolve));
      const mentioned = this.mentions.get(event.message.id) ?? [];
      this.mentions.delete(event.message.id);
      await this.plan(event, mentioned);
    });
    this.queue = planned.catch((error: unknown) => this.logger.warn(`Notification plan for message ${event.message.id}: ${String(error)}`));
    return this.queue;
  }

  /** Writes the rows for one message (also what tests call). */
  async plan(event: MessageEvent, mentioned: string[]): Promise<void> {
    if (event.message.type !== 'text') return;
    const emailOn = Boolean(this.config.get('SMTP_URL'));
    const recipients = await this.outbox.recipients(event.roomId, event.message.sender?.id ?? null, mentioned, emailOn);
    if (recipients.length === 0) return;
    const online = await this.presence.onlineAmong(recipients.map((r) => r.user_id));
    const away = recipients.filter((r) => !online.has(r.user_id));
    const now = new Date();
    const pushAt = new Date(now.getTime() + this.config.get('NOTIFICATION_PUSH_DELAY_MS'));
    const push = away.filter((r) => r.has_push_device).map((r) => ({ userId: r.user_id, dueAt: this.afterQuietHours(pushAt, r) }));
    const emailAt = new Date(now.getTime() + this.config.get('NOTIFICATION_EMAIL_DELAY') * 1000);
    const email = emailOn ? away.filter((r) => r.wants_email).map((r) => ({ userId: r.user_id, dueAt: emailAt })) : [];
    await this.outbox.enqueue('push', event.roomId, event.message.id, push);
    await this.outbox.enqueue('email', event.roomId, event.message.id, email);
  }

  private afterQuietHours(at: Date, r: Recipient): Date {
    const quiet = r.quiet_start && r.quiet_end ? { start: r.quiet_start, end: r.quiet_end, timeZone: r.time_zone } : null;
    return quietHoursEnd(at, quiet) ?? at;
  }
}
