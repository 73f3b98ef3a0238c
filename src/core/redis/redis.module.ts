import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.service';
import { redisTarget } from './redis-connection';

export const REDIS = Symbol('REDIS');

/** The shared Redis connection, or null without REDIS_URL or REDIS_SENTINELS (single-node mode). */
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
        const target = redisTarget({
          REDIS_URL: config.get('REDIS_URL'),
          REDIS_SENTINELS: config.get('REDIS_SENTINELS'),
          REDIS_SENTINEL_NAME: config.get('REDIS_SENTINEL_NAME'),
          REDIS_SENTINEL_PASSWORD: config.get('REDIS_SENTINEL_PASSWORD'),
        });
        if (!target) return null;
        const logger = new Logger('Redis');
        // Keeps retrying after an outage. Callers check isRedisReady and take their in-memory
        // fallback at once; the command timeout bounds what was in flight when the link died.
        // A Sentinel failover is such an outage: the link closes, ioredis asks the sentinels
        // for the new master, and StreamAdapterLink's recovery sends `sync:required`.
        const options = {
          maxRetriesPerRequest: 1,
          enableOfflineQueue: true,
          lazyConnect: false,
          commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
        };
        const client = 'url' in target ? new Redis(target.url, options) : new Redis({ ...target.sentinel, ...options });
        client.on('error', (error: Error) => logger.warn(`Redis: ${error.message}`));
        return client;
      },
    },
    RedisLifecycle,
  ],
  exports: [REDIS],
})
export class RedisModule {}
