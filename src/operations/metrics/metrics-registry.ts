import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MeasurementRecorder, PoolName, WebhookOutcome } from '../../core/metrics/measurements';

/** Latency buckets in seconds: a millisecond to ten seconds. */
const LATENCY = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const FINE = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];
const BATCH_SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 256];

/**
 * Parley's series on one prom-client registry per app (tests run several apps in a
 * process). The counted ones are recorded here; the gauges read at scrape time are
 * set by MetricsService.collect. Names and labels: docs/operations.md, "Metrics".
 */
export class MetricsRegistry implements MeasurementRecorder {
  readonly registry = new Registry();

  readonly httpRequests = new Histogram({
    name: 'parley_http_request_duration_seconds',
    help: 'HTTP requests by route template, method and status: time to the last byte of the answer.',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: LATENCY,
    registers: [this.registry],
  });
  readonly socketEvents = new Histogram({
    name: 'parley_socket_event_duration_seconds',
    help: 'Client socket events by name and outcome (ok, or the error code of the ack): time to the ack.',
    labelNames: ['event', 'outcome'] as const,
    buckets: LATENCY,
    registers: [this.registry],
  });
  readonly batchSize = new Histogram({
    name: 'parley_message_batch_size_messages',
    help: 'Messages per batch written by the send path (one statement per batch).',
    buckets: BATCH_SIZES,
    registers: [this.registry],
  });
  readonly batchCommit = new Histogram({
    name: 'parley_message_batch_commit_duration_seconds',
    help: "The send path's batch statement: sent to committed.",
    buckets: FINE.concat([2.5, 5]),
    registers: [this.registry],
  });
  readonly fanout = new Histogram({
    name: 'parley_fanout_lag_seconds',
    help: 'From the commit of a message to its message:new emit on this node.',
    buckets: FINE,
    registers: [this.registry],
  });
  readonly adapter = new Histogram({
    name: 'parley_socket_adapter_lag_seconds',
    help: "From another node's append of a cross-node event (broadcast or heartbeat) to the Redis stream to its arrival on this node.",
    // Stream entry ids carry milliseconds: nothing finer can be told apart.
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly webhookAttempts = new Counter({
    name: 'parley_webhook_attempts_total',
    help: 'Webhook delivery attempts by outcome: delivered (2xx), retry (to be sent again), failed (last attempt spent).',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly poolWaits = new Histogram({
    name: 'parley_db_pool_wait_seconds',
    help: 'Time a query waited for a PostgreSQL connection from the pool.',
    labelNames: ['pool'] as const,
    buckets: FINE.concat([2.5, 5]),
    registers: [this.registry],
  });
  readonly poolConnections = new Gauge({
    name: 'parley_db_pool_connections',
    help: 'PostgreSQL connections of a pool: total open, idle.',
    labelNames: ['pool', 'state'] as const,
    registers: [this.registry],
  });
  readonly poolWaiting = new Gauge({
    name: 'parley_db_pool_waiting_requests',
    help: 'Queries waiting for a PostgreSQL connection now.',
    labelNames: ['pool'] as const,
    registers: [this.registry],
  });
  readonly outboxPending = new Gauge({
    name: 'parley_outbox_pending',
    help: 'Rows of an outbox not yet delivered (pending, whether due now or later).',
    labelNames: ['outbox'] as const,
    registers: [this.registry],
  });
  readonly outboxAge = new Gauge({
    name: 'parley_outbox_oldest_age_seconds',
    help: 'How long the oldest due row of an outbox has been due (0: nothing due).',
    labelNames: ['outbox'] as const,
    registers: [this.registry],
  });
  readonly redisUp = new Gauge({
    name: 'parley_redis_connected',
    help: 'A Redis link of this node: 1 ready, 0 down (client: commands; adapter: cross-node events).',
    labelNames: ['link'] as const,
    registers: [this.registry],
  });
  readonly replicaLag = new Gauge({
    name: 'parley_db_replica_lag_seconds',
    help: 'How far a read replica (DATABASE_REPLICA_URLS, by position) has replayed behind the primary, as this node polls it; absent without replicas.',
    labelNames: ['replica'] as const,
    registers: [this.registry],
  });
  readonly sockets = new Gauge({ name: 'parley_connected_sockets', help: 'Sockets connected to this node.', registers: [this.registry] });
  readonly users = new Gauge({ name: 'parley_connected_users', help: 'Distinct users with a socket on this node.', registers: [this.registry] });

  constructor() {
    // process_* and nodejs_* (event-loop delay, GC pauses by kind, heap, handles).
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: 20 });
  }

  socketEvent(event: string, outcome: string, seconds: number): void {
    this.socketEvents.labels(event, outcome).observe(seconds);
  }

  sendBatch(size: number, commitSeconds: number): void {
    this.batchSize.observe(size);
    this.batchCommit.observe(commitSeconds);
  }

  fanoutLag(seconds: number): void {
    this.fanout.observe(seconds);
  }

  adapterLag(seconds: number): void {
    this.adapter.observe(seconds);
  }

  webhookAttempt(outcome: WebhookOutcome): void {
    this.webhookAttempts.labels(outcome).inc();
  }

  poolWait(pool: PoolName, seconds: number): void {
    this.poolWaits.labels(pool).observe(seconds);
  }
}
