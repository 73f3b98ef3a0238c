import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config.service';
import { OnDomainEvent } from '../../core/events/domain-event-bus';
import { DrainLoop } from '../../core/outbox/drain-loop';
import { PresenceStore } from '../../identity/presence/presence.store';
import { quietHoursEnd } from './quiet-hours';
import { NotificationOutboxRepository, PlannedNotification, Recipient } from './store/notification-outbox.repository';
import { OrganizationScope } from '../../core/database/organization-scope';

/** Messages planned per transaction. */
const BATCH = 100;

/**
 * Turns new messages into outbox rows for the members who are away. The send statement queues every text
 * message in `notification_plans` in the message's own transaction (so a crash after the commit loses
 * nothing); this planner, on any node with NOTIFICATION_WORKER, claims the queue with SKIP LOCKED and, in one
 * transaction per batch, finds the members whose preferences say to notify (one statement whatever the
 * rooms' sizes), drops those active on a socket anywhere (the presence store: a socket that sent no client
 * event for NOTIFICATION_IDLE_AFTER does not count), writes their notifications and deletes the plans.
 * Push is due after NOTIFICATION_PUSH_DELAY_MS (later inside quiet hours), so messages meanwhile collapse
 * into it; an email digest after NOTIFICATION_EMAIL_DELAY. `MessageCreated` on this node only wakes the
 * planner up early: the queue is the source of truth.
 */
@Injectable()
export class NotificationPlanner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  private readonly loop = new DrainLoop({
    name: 'Notification planner',
    logger: this.logger,
    drain: () => this.drainOnce(),
    batch: BATCH,
    intervalMs: () => this.config.get('NOTIFICATION_POLL_INTERVAL_MS'),
  });

  constructor(
    private readonly outbox: NotificationOutboxRepository,
    private readonly presence: PresenceStore,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.get('NOTIFICATION_WORKER')) this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  @OnDomainEvent('MessageCreated')
  onMessageCreated(): void {
    this.loop.kick();
  }

  /** Plans up to `limit` queued messages in one transaction; answers how many it claimed (tests call it to drain). */
  drainOnce(limit = BATCH): Promise<number> {
    // Plans of every organization (system scope); each notification row takes its user's organization.
    return OrganizationScope.runAsSystem(() => this.planOnce(limit));
  }

  private planOnce(limit: number): Promise<number> {
    return this.outbox.transaction(async (tx) => {
      const plans = await this.outbox.claimPlans(tx, limit);
      if (plans.length === 0) return 0;
      const messageIds = plans.map((p) => p.message_id);
      const emailOn = Boolean(this.config.get('SMTP_URL'));
      const recipients = await this.outbox.recipients(tx, messageIds, emailOn);
      const active = await this.presence.activeAmong(
        [...new Set(recipients.map((r) => r.user_id))],
        this.config.get('NOTIFICATION_IDLE_AFTER') * 1000,
      );
      const roomOf = new Map(plans.map((p) => [p.message_id, p.room_id]));
      const order = new Map(messageIds.map((id, i) => [id, i]));
      const away = recipients.filter((r) => !active.has(r.user_id)).sort((a, b) => order.get(a.message_id)! - order.get(b.message_id)!);
      const now = Date.now();
      const pushAt = new Date(now + this.config.get('NOTIFICATION_PUSH_DELAY_MS'));
      const emailAt = new Date(now + this.config.get('NOTIFICATION_EMAIL_DELAY') * 1000);
      const rows: PlannedNotification[] = [];
      for (const r of away) {
        const messageId = r.message_id;
        if (r.has_push_device)
          rows.push({ userId: r.user_id, channel: 'push', roomId: roomOf.get(messageId)!, messageId, dueAt: this.afterQuietHours(pushAt, r) });
        if (emailOn && r.wants_email) rows.push({ userId: r.user_id, channel: 'email', roomId: null, messageId, dueAt: emailAt });
      }
      await this.outbox.enqueue(tx, rows);
      await this.outbox.deletePlans(tx, messageIds);
      return plans.length;
    });
  }

  private afterQuietHours(at: Date, r: Recipient): Date {
    const quiet = r.quiet_start && r.quiet_end ? { start: r.quiet_start, end: r.quiet_end, timeZone: r.time_zone } : null;
    return quietHoursEnd(at, quiet) ?? at;
  }
}
