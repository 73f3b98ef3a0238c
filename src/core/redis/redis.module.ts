import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.service';

export const REDIS = Symbol('REDIS');

/** The shared Redis connection, or null without REDIS_URL (single-node mode). */
export type RedisClient = Redis | null;
export const InjectRedis = () => Inject(REDIS);

/**
 * How long a command may take before its caller falls back (rate limits to memory, typing
 * gate to memory, presence to this node's count). Redis answers in well under a millisecond
 * here; a command still unanswered after this is on a dead or hung connection.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 250;

/** Connected and past its ready check: only then is a command worth sending (no offline queue to wait in). */
export const isRedisReady = (redis: Redis): boolean => redis.status === 'ready';

class RedisLifecycle implements OnApplicationShutdown {
  constructor(@InjectRedis() private readonly redis: RedisClient) {}

  async onApplicationShutdown(): Promise<void> {
    if (!this.redis) return;
    await this.redis.quit().catch(() => this.redis?.disconnect());
    new Logger('Redis').log('Redis connection closed');
  }
}

@Global()
@Module({
  providers: [
    {
      provide: REDIS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): RedisClient => {
        const url = config.get('REDIS_URL');
        if (!url) return null;
        const logger = new Logger('Redis');
        // Keeps retrying after an outage. Callers check isRedisReady and take their in-memory
        // fallback at once; the command timeout bounds what was in flight when the link died.
        const client = new Redis(url, {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: true,
          lazyConnect: false,
          commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
        });
        client.on('error', (error: Error) => logger.warn(`Redis: ${error.message}`));
        return client;
      },
    },
    RedisLifecycle,
  ],
  exports: [REDIS],
})
export class RedisModule {}
