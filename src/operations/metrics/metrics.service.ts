import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppConfig } from '../../core/config/app-config.service';
import { Measurements } from '../../core/metrics/measurements';
import { InjectRedis, isRedisReady, type RedisClient } from '../../core/redis/redis.module';
import { MetricsRegistry } from './metrics-registry';
import { OutboxDepthRepository } from './store/outbox-depth.repository';
import { OrganizationScope } from '../../core/database/organization-scope';
import { scrapeHandler } from './scrape-handler';

/**
 * Prometheus metrics (docs/operations.md, "Metrics"): on when METRICS_PORT or
 * METRICS_TOKEN is set. With METRICS_PORT they are served on a listener of their
 * own (METRICS_HOST, loopback by default); with only METRICS_TOKEN, at /metrics on
 * the app's port behind `Authorization: Bearer`. The token, when set, is asked on
 * either.
 */
@Injectable()
export class MetricsService implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  readonly metrics: MetricsRegistry | null;
  private listener?: Server;
  /** The separate listener's address, once bound (tests ask for port 0). */
  address: AddressInfo | null = null;

  constructor(
    private readonly config: AppConfig,
    private readonly measurements: Measurements,
    private readonly outboxes: OutboxDepthRepository,
    @InjectRedis() private readonly redis: RedisClient,
  ) {
    const on = config.get('METRICS_PORT') !== undefined || config.get('METRICS_TOKEN') !== undefined;
    this.metrics = on ? new MetricsRegistry() : null;
  }

  onModuleInit(): void {
    if (this.metrics) this.measurements.attach(this.metrics);
  }

  /** The separate listener, when METRICS_PORT is set. */
  async onApplicationBootstrap(): Promise<void> {
    const port = this.config.get('METRICS_PORT');
    if (port === undefined || !this.metrics) return;
    const handle = scrapeHandler(this, this.config.get('METRICS_TOKEN'));
    this.listener = createServer((req, res) => {
      if (req.method === 'GET' && (req.url === '/metrics' || req.url?.startsWith('/metrics?'))) return void handle(req, res);
      res
        .writeHead(404, { 'content-type': 'application/json' })
        .end(JSON.stringify({ detail: 'Not found. Metrics are at GET /metrics.', code: 'not_found' }));
    });
    await new Promise<void>((resolve, reject) => {
      this.listener!.once('error', reject);
      this.listener!.listen(port, this.config.get('METRICS_HOST'), resolve);
    });
    this.address = this.listener.address() as AddressInfo;
    this.logger.log(`Metrics: http://${this.address.address}:${this.address.port}/metrics`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.listener) return;
    this.listener.closeAllConnections();
    await new Promise((resolve) => this.listener!.close(resolve));
  }

  /** The exposition text: the gauges read now, then every series. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    const metrics = this.metrics!;
    await this.collect(metrics);
    return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
  }

  private async collect(metrics: MetricsRegistry): Promise<void> {
    const { sources } = this.measurements;
    for (const [pool, read] of sources.pools) {
      const { total, idle, waiting } = read();
      metrics.poolConnections.labels(pool, 'total').set(total);
      metrics.poolConnections.labels(pool, 'idle').set(idle);
      metrics.poolWaiting.labels(pool).set(waiting);
    }
    const connected = sources.sockets?.() ?? { sockets: 0, users: 0 };
    metrics.sockets.set(connected.sockets);
    metrics.users.set(connected.users);
    if (this.redis) metrics.redisUp.labels('client').set(isRedisReady(this.redis) ? 1 : 0);
    for (const [link, up] of sources.redisLinks) metrics.redisUp.labels(link).set(up() ? 1 : 0);
    for (const [replica, lag] of sources.replicaLag) {
      const seconds = lag();
      if (Number.isFinite(seconds)) metrics.replicaLag.labels(replica).set(seconds);
    }
    try {
      // The deployment's outboxes, every organization's rows (system scope).
      for (const row of await OrganizationScope.runAsSystem(() => this.outboxes.depths())) {
        metrics.outboxPending.labels(row.outbox).set(row.pending);
        metrics.outboxAge.labels(row.outbox).set(row.oldest_due_seconds);
      }
    } catch (error) {
      // The database down: the other series still say so (pool waits, readiness); these keep their last value.
      this.logger.warn(`Outbox depth not read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
