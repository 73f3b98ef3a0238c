import { Global, Injectable, Module } from '@nestjs/common';

/** How a webhook attempt ended: sent (2xx), to be retried, given up after the last attempt. */
export type WebhookOutcome = 'delivered' | 'retry' | 'failed';
/** Parley's two PostgreSQL pools: TypeORM's, and the generic-plan one of the hot statements. */
export type PoolName = 'main' | 'generic';

/**
 * What the lower layers measure, and the one recorder that turns it into series
 * (src/operations/metrics, which lower layers may not import). Every method is
 * a no-op until a recorder is attached, so a node without metrics pays one call.
 * Labels are bounded by the caller's types: event names, error codes, pool
 * names, never a user or room id.
 */
export interface MeasurementRecorder {
  socketEvent(event: string, outcome: string, seconds: number): void;
  sendBatch(size: number, commitSeconds: number): void;
  fanoutLag(seconds: number): void;
  /** From a cross-node message's append to the Redis stream to its arrival on this node. */
  adapterLag(seconds: number): void;
  webhookAttempt(outcome: WebhookOutcome): void;
  poolWait(pool: PoolName, seconds: number): void;
}

/** What is read at scrape time rather than counted: registered by its owner (the gateway, the pools, Redis links). */
export interface GaugeSources {
  sockets?: () => { sockets: number; users: number };
  pools: Map<PoolName, () => { total: number; idle: number; waiting: number }>;
  redisLinks: Map<string, () => boolean>;
  /** Read replicas by index (DATABASE_REPLICA_URLS order): seconds their replay is behind the primary, NaN before the first poll. */
  replicaLag: Map<string, () => number>;
}

const NO_RECORDER: MeasurementRecorder = {
  socketEvent: () => undefined,
  sendBatch: () => undefined,
  fanoutLag: () => undefined,
  adapterLag: () => undefined,
  webhookAttempt: () => undefined,
  poolWait: () => undefined,
};

/** The measurement points of one app (docs/operations.md, "Metrics"). */
@Injectable()
export class Measurements {
  /** Whether a recorder listens: callers skip their own timing when nobody does. */
  enabled = false;
  record: MeasurementRecorder = NO_RECORDER;
  readonly sources: GaugeSources = { pools: new Map(), redisLinks: new Map(), replicaLag: new Map() };

  attach(recorder: MeasurementRecorder): void {
    this.record = recorder;
    this.enabled = true;
  }

  /** A clock for durations in seconds (monotonic). */
  static now(): number {
    return performance.now() / 1000;
  }
}

@Global()
@Module({ providers: [Measurements], exports: [Measurements] })
export class MeasurementsModule {}
