import { Inject, Injectable } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config.service';
import { PresenceStore } from '../../identity/presence/presence.store';
import { quietHoursEnd } from './quiet-hours';
import { messageLink, renderDigest } from './channels/email-digest';
import { EmailSender } from './channels/email.sender';
import { PUSH_PROVIDERS, PushContent, PushProvider } from './channels/push-provider';
import { NotificationOutboxRepository, ClaimedNotification, UnreadItem } from './store/notification-outbox.repository';
import { NotificationSettings } from './store/entities/notification-settings.entity';
import { NotificationPreferencesRepository } from './store/notification-preferences.repository';
import { unsubscribeToken } from './unsubscribe-token';

/** What became of one claimed notification: `postponed` waits for the end of quiet hours. */
export type DeliveryResult = { state: 'sent' | 'skipped' } | { state: 'failed'; error: string } | { state: 'postponed'; until: Date };

/**
 * Sends one claimed notification, after checking it is still wanted, since preferences may have changed
 * after it was planned: a user back on a socket (and not idle), snoozed, or who has read (on any device),
 * muted, turned down or lost every message it stands for gets nothing (`skipped`); a push inside quiet
 * hours waits until they end (`postponed`).
 */
@Injectable()
export class NotificationDelivery {
  constructor(
    private readonly outbox: NotificationOutboxRepository,
    private readonly preferences: NotificationPreferencesRepository,
    private readonly presence: PresenceStore,
    private readonly email: EmailSender,
    private readonly config: AppConfig,
    @Inject(PUSH_PROVIDERS) private readonly providers: PushProvider[],
  ) {}

  async deliver(row: ClaimedNotification): Promise<DeliveryResult> {
    const idleMs = this.config.get('NOTIFICATION_IDLE_AFTER') * 1000;
    if ((await this.presence.activeAmong([row.user_id], idleMs)).size > 0) return { state: 'skipped' };
    const settings = await this.preferences.findSettings(row.user_id);
    const now = new Date();
    if (settings?.snoozeUntil && settings.snoozeUntil > now) return { state: 'skipped' };
    if (row.channel === 'push' && settings?.quietStart && settings.quietEnd) {
      const until = quietHoursEnd(now, { start: settings.quietStart, end: settings.quietEnd, timeZone: settings.timeZone });
      if (until) return { state: 'postponed', until };
    }
    const items = await this.outbox.wantedItems(row.user_id, row.channel, row.items);
    if (items.length === 0) return { state: 'skipped' };
    return row.channel === 'push' ? this.push(row.user_id, items) : this.digest(row.user_id, items, settings);
  }

  /**
   * Every device of the user with an enabled provider; devices the push service forgot are removed. Failed
   * only when no device took it, so a retry never repeats a notification a device already showed.
   */
  private async push(userId: string, items: UnreadItem[]): Promise<DeliveryResult> {
    const devices = await this.preferences.listDevices(userId);
    const content = this.pushContent(items);
    let delivered = 0;
    const errors: string[] = [];
    for (const device of devices) {
      const provider = this.providers.find((p) => p.kinds.includes(device.kind) && p.enabled());
      if (!provider) continue;
      const outcome = await provider.send(device, content);
      if (outcome.ok) delivered += 1;
      else if (outcome.gone) await this.preferences.deleteDevice(userId, device.id);
      else errors.push(`${device.id}: ${outcome.error}`);
    }
    if (delivered > 0 || errors.length === 0) return { state: delivered > 0 ? 'sent' : 'skipped' };
    return { state: 'failed', error: errors.join('; ').slice(0, 500) };
  }

  private pushContent(items: UnreadItem[]): PushContent {
    const last = items[items.length - 1];
    const room = last.room_label;
    const showText = this.config.get('NOTIFICATION_SHOW_TEXT');
    const body = showText
      ? `${last.sender_name ?? 'Someone'}: ${last.content.slice(0, 200)}`
      : items.length === 1
        ? `New message in ${room}`
        : `${items.length} new messages in ${room}`;
    return {
      title: room,
      body,
      room_id: last.room_id,
      message_id: last.id,
      seq: last.seq,
      count: items.length,
      url: messageLink(this.config.get('NOTIFICATION_PUBLIC_URL'), last),
    };
  }

  private async digest(userId: string, items: UnreadItem[], settings: NotificationSettings | null): Promise<DeliveryResult> {
    const user = await this.outbox.userEmail(userId);
    if (!this.email.enabled() || settings?.email === false || !user?.email) return { state: 'skipped' };
    const publicUrl = this.config.get('NOTIFICATION_PUBLIC_URL').replace(/\/+$/, '');
    const token = unsubscribeToken(this.config.get('JWT_SECRET'), userId);
    const unsubscribeUrl = `${publicUrl}/api/v1/notifications/unsubscribe?user=${userId}&sig=${token}`;
    const mail = renderDigest(user.display_name, items, { publicUrl, showText: this.config.get('NOTIFICATION_SHOW_TEXT'), unsubscribeUrl });
    try {
      await this.email.send(user.email, mail, unsubscribeUrl);
      return { state: 'sent' };
    } catch (error) {
      return { state: 'failed', error: `smtp: ${String(error)}`.slice(0, 500) };
    }
  }
}
