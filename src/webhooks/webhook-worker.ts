import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../config/app-config.service';
import { sendWebhook } from './webhook-sender';
import { ClaimedDelivery, WebhooksRepository } from './webhooks.repository';

const BATCH = 50;

/** Exponential backoff (x4 per attempt) with +-20 % jitter: 5 s, 20 s, 80 s, ... ~23 h at the 9th try by default. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  const delay = baseMs * 4 ** Math.max(0, attempt - 1);
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}

/**
 * Works off the webhook outbox. Every node may run one: deliveries are claimed
 * with FOR UPDATE SKIP LOCKED under a lease, sent outside any transaction, and
 * settled afterwards; a node that dies mid-send leaves the lease to run out and
 * another worker (or the restarted node) sends again with the same webhook-id.
 * At-least-once, so receivers deduplicate by webhook-id.
 */
@Injectable()
export class WebhookWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Webhooks');
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.get('WEBHOOK_WORKER')) this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Sends what is due now (also what tests and the bench call to drain). */
  async drainOnce(): Promise<number> {
    const timeoutMs = this.config.get('WEBHOOK_TIMEOUT') * 1000;
    const claimed = await this.repo.claimDue(BATCH, (2 * timeoutMs) / 1000 + 1);
    await Promise.all(claimed.map((delivery) => this.deliver(delivery, timeoutMs)));
    return claimed.length;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.drainOnce()
        .then((n) => this.schedule(n === BATCH ? 0 : this.config.get('WEBHOOK_POLL_INTERVAL_MS')))
        .catch((error: unknown) => {
          this.logger.warn(`Webhook worker: ${String(error)}`);
          this.schedule(this.config.get('WEBHOOK_POLL_INTERVAL_MS'));
        });
    }, delayMs);
    this.timer.unref();
  }

  private async deliver(delivery: ClaimedDelivery, timeoutMs: number): Promise<void> {
    const attempt = await sendWebhook(
      { id: delivery.id, url: delivery.url, secret: delivery.secret, payload: delivery.payload },
      { timeoutMs, allowPrivate: this.config.get('WEBHOOK_ALLOW_PRIVATE') },
    );
    if (attempt.ok) return this.repo.markDelivered(delivery, attempt.statusCode!);
    const error = attempt.error ?? 'failed';
    if (delivery.attempts >= this.config.get('WEBHOOK_MAX_ATTEMPTS')) return this.repo.markFailed(delivery, attempt.statusCode, error);
    return this.repo.markRetry(delivery, attempt.statusCode, error, retryDelayMs(delivery.attempts, this.config.get('WEBHOOK_RETRY_BASE_MS')));
  }
}
