import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import type { RedisClient } from './redis.module';

/** A node that missed a change (Redis down at the time) loads the value again after this long. */
export const SNAPSHOT_MAX_AGE_MS = 30_000;

/**
 * A value the hot paths read on every call (content rules, shadow suspensions), loaded from the
 * database in one query and kept until it changes. `changed()` drops it on this node at once and,
 * with Redis, on every node (a message on `channel`); the next `get()` loads it again, one load
 * shared by concurrent callers. A load that started before a drop is returned to its callers but
 * not kept. A node that missed the message reloads after SNAPSHOT_MAX_AGE_MS.
 */
export class SharedSnapshot<T> {
  private readonly logger: Logger;
  private value: { loadedAt: number; value: T } | null = null;
  private loading: Promise<T> | null = null;
  private generation = 0;
  private subscriber: Redis | null = null;

  constructor(
    private readonly options: {
      /** Names the log lines: "content rules", "suspensions". */
      name: string;
      redis: RedisClient;
      channel: string;
      load: () => Promise<T>;
    },
  ) {
    this.logger = new Logger(`SharedSnapshot(${options.name})`);
  }

  /** Listens for other nodes' changes (not awaited: a Redis down at start must not hold up the boot). */
  listen(): void {
    if (!this.options.redis) return;
    this.subscriber = this.options.redis.duplicate();
    this.subscriber.on('message', () => this.drop());
    this.subscriber.on('error', (error: Error) => this.warn(error));
    void this.subscriber.subscribe(this.options.channel).catch((error: Error) => this.warn(error));
  }

  async close(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  async get(): Promise<T> {
    const kept = this.value;
    if (kept && Date.now() - kept.loadedAt < SNAPSHOT_MAX_AGE_MS) return kept.value;
    return this.load();
  }

  /** After a change: this node now, the others through Redis. */
  async changed(): Promise<void> {
    this.drop();
    await this.options.redis?.publish(this.options.channel, '1').catch((error: Error) => this.warn(error));
  }

  private drop(): void {
    this.generation += 1;
    this.value = null;
    this.loading = null;
  }

  private load(): Promise<T> {
    if (this.loading) return this.loading;
    const generation = this.generation;
    const loading = this.options.load().then((value) => {
      if (generation === this.generation) this.value = { loadedAt: Date.now(), value };
      return value;
    });
    this.loading = loading;
    void loading.then(
      () => this.settled(loading),
      () => this.settled(loading),
    );
    return loading;
  }

  private settled(loading: Promise<T>): void {
    if (this.loading === loading) this.loading = null;
  }

  private warn(error: Error): void {
    this.logger.warn(`${this.options.name} channel: ${error.message}`);
  }
}
