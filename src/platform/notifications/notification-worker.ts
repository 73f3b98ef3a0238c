import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { AppConfig } from '../../core/config/app-config.service';
import { DrainLoop, retryDelayMs } from '../../core/outbox/drain-loop';
import { DeliveryResult, NotificationDelivery } from './notification-delivery';
import { ClaimedNotification, NotificationOutboxRepository } from './store/notification-outbox.repository';
import { OrganizationScope } from '../../core/database/organization-scope';

const BATCH = 50;
/** A claimed row is another worker's to take after this long (a push or an SMTP exchange takes seconds). */
const LEASE_SECONDS = 120;
/** The outbox's retention sweep runs at most this often per node. */
const PURGE_EVERY_MS = 10 * 60 * 1000;

/**
 * Works off the notification outbox. Every node may run one: rows are claimed with FOR UPDATE SKIP LOCKED
 * under a lease, sent outside any transaction and settled afterwards, only while still this worker's.
 */
@Injectable()
export class NotificationWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Notifications');
  readonly id = `${hostname().slice(0, 40)}:${randomUUID().slice(0, 8)}`;
  private lastPurge = 0;
  private readonly loop = new DrainLoop({
    name: 'Notification worker',
    logger: this.logger,
    drain: () => this.drainOnce(),
    batch: BATCH,
    intervalMs: () => this.config.get('NOTIFICATION_POLL_INTERVAL_MS'),
  });

  constructor(
    private readonly outbox: NotificationOutboxRepository,
    private readonly delivery: NotificationDelivery,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.get('NOTIFICATION_WORKER')) this.loop.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.loop.stop();
  }

  /** Sends what is due now, every organization's (system scope); answers how many rows it claimed (tests call it to drain). */
  drainOnce(): Promise<number> {
    return OrganizationScope.runAsSystem(() => this.drainAll());
  }

  private async drainAll(): Promise<number> {
    const claimed = await this.outbox.claimDue(this.id, BATCH, LEASE_SECONDS);
    await Promise.all(claimed.map((row) => this.settle(row)));
    if (claimed.length === 0 && Date.now() - this.lastPurge > PURGE_EVERY_MS) {
      this.lastPurge = Date.now();
      await this.outbox.purgeSettled(this.config.get('NOTIFICATION_LOG_RETENTION'), 5000);
    }
    return claimed.length;
  }

  private async settle(row: ClaimedNotification): Promise<void> {
    let result: DeliveryResult;
    try {
      result = await this.delivery.deliver(row);
    } catch (error) {
      result = { state: 'failed', error: String(error).slice(0, 500) };
    }
    if (result.state === 'postponed') return this.outbox.postpone(row.id, this.id, result.until);
    if (result.state !== 'failed') return this.outbox.settle(row.id, this.id, result.state);
    if (row.attempts >= this.config.get('NOTIFICATION_MAX_ATTEMPTS')) return this.outbox.settle(row.id, this.id, 'dead', result.error);
    await this.outbox.retryLater(row.id, this.id, retryDelayMs(row.attempts, this.config.get('NOTIFICATION_RETRY_BASE_MS')), result.error);
  }
}
