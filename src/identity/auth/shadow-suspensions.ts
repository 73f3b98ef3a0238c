import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '../../core/config/app-config.service';
import { OrganizationScope } from '../../core/database/organization-scope';
import { InjectRedis, type RedisClient } from '../../core/redis/redis.module';
import { SuspensionsRepository } from './store/suspensions.repository';

/** A node that missed a change (Redis down at the time) reloads after this long, as ContentPolicy does its rules. */
const MAX_AGE_MS = 30_000;

interface Snapshot {
  loadedAt: number;
  /** Shadow-suspended users and when each suspension ends (null: until lifted). */
  until: Map<string, number | null>;
}

/**
 * Who is under a shadow suspension (docs/compliance.md), as the send path asks it for every message:
 * every shadow suspension of the deployment (few) read in one query and kept until a suspension
 * changes. A change drops the snapshot on this node at once and, with Redis, on every node (a message
 * on `<REDIS_KEY_PREFIX>:suspensions:changed`); the next send loads it again. A suspension that ends by
 * its time ends here at that time.
 */
@Injectable()
export class ShadowSuspensions implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(ShadowSuspensions.name);
  private snapshot: Snapshot | null = null;
  private loading: Promise<Snapshot> | null = null;
  private generation = 0;
  private subscriber: Redis | null = null;
  private readonly channel: string;

  constructor(
    private readonly suspensions: SuspensionsRepository,
    @InjectRedis() private readonly redis: RedisClient,
    config: AppConfig,
  ) {
    this.channel = `${config.get('REDIS_KEY_PREFIX')}:suspensions:changed`;
  }

  onModuleInit(): void {
    if (!this.redis) return;
    this.subscriber = this.redis.duplicate();
    this.subscriber.on('message', () => this.drop());
    this.subscriber.on('error', (error: Error) => this.logger.warn(`suspensions channel: ${error.message}`));
    // Not awaited: a Redis down at start must not hold up the boot.
    void this.subscriber.subscribe(this.channel).catch((error: Error) => this.logger.warn(`suspensions channel: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /** Whether a shadow suspension applies to the user now. */
  async applies(userId: string): Promise<boolean> {
    const snapshot = this.fresh() ?? (await this.load());
    if (!snapshot.until.has(userId)) return false;
    const until = snapshot.until.get(userId)!;
    return until === null || until > Date.now();
  }

  /** After a suspension was made or lifted: this node now, the others through Redis. */
  async changed(): Promise<void> {
    this.drop();
    await this.redis?.publish(this.channel, '1').catch((error: Error) => this.logger.warn(`suspensions channel: ${error.message}`));
  }

  private drop(): void {
    this.generation += 1;
    this.snapshot = null;
    this.loading = null;
  }

  private fresh(): Snapshot | null {
    return this.snapshot && Date.now() - this.snapshot.loadedAt < MAX_AGE_MS ? this.snapshot : null;
  }

  private load(): Promise<Snapshot> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    // Every organization's at once: user ids are unique across them.
    const loading = OrganizationScope.runAsSystem(() => this.suspensions.shadowed()).then((rows) => {
      const snapshot: Snapshot = { loadedAt: Date.now(), until: new Map(rows.map((r) => [r.userId, r.until?.getTime() ?? null])) };
      if (generation === this.generation) this.snapshot = snapshot;
      return snapshot;
    });
    this.loading = loading;
    void loading.finally(() => {
      if (this.loading === loading) this.loading = null;
    });
    return loading;
  }
}
