import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config.service';

export const REDIS = Symbol('REDIS');

/** The shared Redis connection, or null without REDIS_URL (single-node mode). */
export type RedisClient = Redis | null;
export const InjectRedis = () => Inject(REDIS);

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
        // Keeps retrying after an outage; commands fail fast meanwhile so REST keeps serving.
        const client = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true, lazyConnect: false });
        client.on('error', (error: Error) => logger.warn(`Redis: ${error.message}`));
        return client;
      },
    },
    RedisLifecycle,
  ],
  exports: [REDIS],
})
export class RedisModule {}
