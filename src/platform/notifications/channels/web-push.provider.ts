import { Injectable } from '@nestjs/common';
import webpush from 'web-push';
import { AppConfig } from '../../../core/config/app-config.service';
import { NotificationDevice } from '../store/entities/notification-device.entity';
import { VapidKeyStore } from '../vapid-keys';
import { pinnedPost } from './pinned-post';
import { PushContent, PushOutcome, PushProvider } from './push-provider';

const TIMEOUT_MS = 10_000;
/** A push service keeps an undelivered message this long (RFC 8030 TTL). */
const TTL_SECONDS = 24 * 3600;

/**
 * Web push: the `web-push` library encrypts the payload (RFC 8291, aes128gcm) and signs the VAPID JWT
 * (RFC 8292); the request goes out through `pinnedPost`, so the address rule applies and plain http
 * stand-ins work in tests.
 */
@Injectable()
export class WebPushProvider implements PushProvider {
  readonly kinds = ['web'] as const;

  constructor(
    private readonly vapid: VapidKeyStore,
    private readonly config: AppConfig,
  ) {}

  enabled(): boolean {
    return this.vapid.get() !== null;
  }

  async send(device: NotificationDevice, content: PushContent): Promise<PushOutcome> {
    const keys = this.vapid.get()!;
    const details = webpush.generateRequestDetails(
      { endpoint: device.endpoint!, keys: { p256dh: device.p256dh!, auth: device.auth! } },
      JSON.stringify(content),
      { vapidDetails: keys, TTL: TTL_SECONDS, urgency: 'high', topic: topicOf(content.room_id), contentEncoding: 'aes128gcm' },
    );
    const result = await pinnedPost(details.endpoint, details.headers as Record<string, string>, details.body, {
      timeoutMs: TIMEOUT_MS,
      allowPrivate: this.config.get('NOTIFICATION_ALLOW_PRIVATE'),
    });
    const status = result.statusCode;
    if (status !== null && status >= 200 && status < 300) return { ok: true };
    return { ok: false, gone: status === 404 || status === 410, error: result.error ?? `HTTP ${status}` };
  }
}

/** RFC 8030 Topic (32 base64url characters at most): a newer notification of the room replaces an undelivered one. */
function topicOf(roomId: string): string {
  return roomId.replace(/-/g, '').slice(0, 32);
}
