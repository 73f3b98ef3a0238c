import { ApiProperty } from '@nestjs/swagger';
import { WebhookDelivery } from '../store/entities/webhook-delivery.entity';
import { WebhookEndpoint } from '../store/entities/webhook-endpoint.entity';

export class WebhookResponse {
  id: string;
  url: string;
  /** Empty = every event. */
  event_types: string[];
  enabled: boolean;
  /** When deliveries started giving up (null: healthy). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  failing_since: string | null;
  /** Why: the last delivery that gave up and its error. */
  @ApiProperty({ type: String, nullable: true })
  failure_reason: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
}

export class WebhookWithSecretResponse extends WebhookResponse {
  /** The Standard Webhooks signing secret (`whsec_...`). */
  secret: string;
}

export class WebhookListResponse {
  results: WebhookResponse[];
}

export class WebhookDeliveryResponse {
  /** The `webhook-id` header, the same on every attempt. */
  id: string;
  event_type: string;
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'] })
  status: string;
  attempts: number;
  @ApiProperty({ type: Number, nullable: true })
  last_status_code: number | null;
  @ApiProperty({ type: String, nullable: true })
  last_error: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  last_attempt_at: string | null;
  /** When the next attempt is due (pending only). */
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  next_attempt_at: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  created_at: string;
  // The body as sent; before its first attempt an event rendered at send time shows `type` and `timestamp` only.
  @ApiProperty({ type: 'object', additionalProperties: true })
  payload: Record<string, unknown>;
}

export class WebhookDeliveryPageResponse {
  /** The next (older) page, or null. */
  @ApiProperty({ type: String, nullable: true })
  next: string | null;
  results: WebhookDeliveryResponse[];
}

export class RequeuedResponse {
  requeued: number;
}

export function toWebhookResponse(e: WebhookEndpoint): WebhookResponse {
  return {
    id: e.id,
    url: e.url,
    event_types: e.eventTypes,
    enabled: e.enabled,
    failing_since: e.failingSince ? e.failingSince.toISOString() : null,
    failure_reason: e.failureReason,
    created_at: e.createdAt.toISOString(),
  };
}

export function toDeliveryResponse(d: WebhookDelivery): WebhookDeliveryResponse {
  return {
    id: d.id,
    event_type: d.eventType,
    status: d.status,
    attempts: d.attempts,
    last_status_code: d.lastStatusCode,
    last_error: d.lastError,
    last_attempt_at: d.lastAttemptAt ? d.lastAttemptAt.toISOString() : null,
    next_attempt_at: d.status === 'pending' ? d.nextAttemptAt.toISOString() : null,
    created_at: d.createdAt.toISOString(),
    payload: d.payload ?? { type: d.eventType, timestamp: d.createdAt.toISOString() },
  };
}
