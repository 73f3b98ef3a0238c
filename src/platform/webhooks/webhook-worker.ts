import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config.service';
import { DrainLoop, retryDelayMs } from '../../core/outbox/drain-loop';
import { WebhookPayloads } from './webhook-payloads';
import { sendWebhook } from './webhook-sender';
import { ClaimedDelivery, WebhooksRepository } from './store/webhooks.repository';
import { Measurements } from '../../core/metrics/measurements';
import { inSpan } from '../../core/tracing/tracing';
import { OrganizationScope } from '../../core/database/organization-scope';

const BATCH = 50;
/** The delivery log's retention sweep runs at most this often per node. */
const PURGE_EVERY_MS = 10 * 60 * 1000;

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
  private lastPurge = 0;
  private readonly loop = new DrainLoop({
    name: 'Webhook worker',
    logger: this.logger,
    drain: () => this.drainOnce(),
    batch: BATCH,
    intervalMs: () => this.config.get('WEBHOOK_POLL_INTERVAL_MS'),
  });

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly payloads: WebhookPayloads,
    private readonly config: AppConfig,
    private readonly measurements: Measurements,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.get('WEBHOOK_WORKER')) this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Sends what is due now (also what tests and the bench call to drain): every organization's, in system scope. */
  drainOnce(): Promise<number> {
    return OrganizationScope.runAsSystem(() => this.drainAll());
  }

  private async drainAll(): Promise<number> {
    const timeoutMs = this.config.get('WEBHOOK_TIMEOUT') * 1000;
    const claimed = await this.repo.claimDue(BATCH, (2 * timeoutMs) / 1000 + 1);
    if (claimed.length) await inSpan('webhooks deliver', () => this.deliverAll(claimed, timeoutMs));
    else if (Date.now() - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      await this.repo.purgeSettled(this.config.get('WEBHOOK_LOG_RETENTION'), 5000);
    }
    return claimed.length;
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
      if (attempt.ok) {
        delivered.push({ delivery, statusCode: attempt.statusCode! });
        this.measurements.record.webhookAttempt('delivered');
      } else if (delivery.attempts >= this.config.get('WEBHOOK_MAX_ATTEMPTS')) {
        await this.repo.markFailed(delivery, attempt.statusCode, error);
        this.measurements.record.webhookAttempt('failed');
      } else {
        retries.push({ delivery, statusCode: attempt.statusCode, error, delayMs: retryDelayMs(delivery.attempts, baseMs) });
        this.measurements.record.webhookAttempt('retry');
      }
    }
    await this.repo.markDelivered(delivered);
    await this.repo.markRetry(retries);
  }
}
