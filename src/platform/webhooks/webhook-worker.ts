import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config.service';
import { WebhookPayloads } from './webhook-payloads';
import { sendWebhook } from './webhook-sender';
import { ClaimedDelivery, WebhooksRepository } from './store/webhooks.repository';

const BATCH = 50;
/** The delivery log's retention sweep runs at most this often per node. */
const PURGE_EVERY_MS = 10 * 60 * 1000;

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
  private lastPurge = 0;

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly payloads: WebhookPayloads,
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
    if (claimed.length) await this.deliverAll(claimed, timeoutMs);
    else if (Date.now() - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      await this.repo.purgeSettled(this.config.get('WEBHOOK_LOG_RETENTION'), 5000);
    }
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

  /** Sends a claimed batch side by side, then settles it in a few statements. */
  private async deliverAll(claimed: ClaimedDelivery[], timeoutMs: number): Promise<void> {
    const allowPrivate = this.config.get('WEBHOOK_ALLOW_PRIVATE');
    const rendered = await this.repo.keepPayloads(await this.payloads.render(claimed));
    const attempts = await Promise.all(
      claimed.map((d) =>
        sendWebhook({ id: d.id, url: d.url, secret: d.secret, payload: d.payload ?? rendered.get(d.id) }, { timeoutMs, allowPrivate }),
      ),
    );
    const delivered: Parameters<WebhooksRepository['markDelivered']>[0] = [];
    const retries: Parameters<WebhooksRepository['markRetry']>[0] = [];
    const baseMs = this.config.get('WEBHOOK_RETRY_BASE_MS');
    for (const [i, attempt] of attempts.entries()) {
      const delivery = claimed[i];
      const error = attempt.error ?? 'failed';
      if (attempt.ok) delivered.push({ delivery, statusCode: attempt.statusCode! });
      else if (delivery.attempts >= this.config.get('WEBHOOK_MAX_ATTEMPTS')) await this.repo.markFailed(delivery, attempt.statusCode, error);
      else retries.push({ delivery, statusCode: attempt.statusCode, error, delayMs: retryDelayMs(delivery.attempts, baseMs) });
    }
    await this.repo.markDelivered(delivered);
    await this.repo.markRetry(retries);
  }
}
