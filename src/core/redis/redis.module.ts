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

/** With Sentinel: how long a connection may stay short of ready before it is made again from scratch. */
export const SENTINEL_STALL_MS = 15_000;

/**
 * ioredis's Sentinel reconnect has been seen to stall during a failover under load: a node's
 * connection never became ready again, with no error after three rounds of asking the sentinels
 * (test/redis-sentinel.e2e-spec.ts). A connection not ready for SENTINEL_STALL_MS is closed and
 * made again, asking the sentinels from the start; a real outage only sees one more attempt.
 */
function restartStalledConnects(client: Redis, logger: Logger): void {
  let since = Date.now();
  const timer = setInterval(() => {
    if (client.status === 'ready' || client.status === 'end' || client.status === 'close') {
      since = Date.now();
      return;
    }
    if (Date.now() - since < SENTINEL_STALL_MS) return;
    since = Date.now();
    logger.warn(`Redis: not ready for ${SENTINEL_STALL_MS / 1000} s (${client.status}); asking the sentinels again`);
    client.disconnect(true);
  }, 1000);
  timer.unref();
  client.once('end', () => clearInterval(timer));
}

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
        if ('sentinel' in target) restartStalledConnects(client, logger);
        return client;
      },
    },
    RedisLifecycle,
  ],
  exports: [REDIS],
})
export class RedisModule {}
