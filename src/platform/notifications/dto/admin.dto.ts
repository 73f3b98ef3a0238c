import { ApiProperty } from '@nestjs/swagger';
import { DeadNotification } from '../store/notification-outbox.repository';

export class DeadNotificationResponse {
  id: string;
  user_id: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  room_id: string | null;
  message_id: string;
  @ApiProperty({ enum: ['push', 'email'] })
  channel: 'push' | 'email';
  attempts: number;
  @ApiProperty({ type: String, nullable: true })
  last_error: string | null;
  created_at: string;
}

export class DeadNotificationListResponse {
  results: DeadNotificationResponse[];
}

export class RequeuedNotificationResponse {
  requeued: boolean;
}

export class WebPushKeyResponse {
  /** The VAPID public key (base64url): the `applicationServerKey` of `pushManager.subscribe`. */
  public_key: string;
}

export const toDeadNotificationResponse = (d: DeadNotification): DeadNotificationResponse => ({
  id: d.id,
  user_id: d.user_id,
  room_id: d.room_id,
  message_id: d.message_id,
  channel: d.channel,
  attempts: d.attempts,
  last_error: d.last_error,
  created_at: d.created_at.toISOString(),
});
