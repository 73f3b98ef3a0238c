import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config.service';
import { REDIS, RedisClient } from '../../core/redis/redis.module';
import { InMemoryPresenceStore } from './in-memory-presence.store';
import { PresenceStore } from './presence.store';
import { RedisPresenceStore } from './redis-presence.store';

/** In memory on one node; in Redis with REDIS_URL, so every node sees the same presence. */
@Global()
@Module({
  providers: [
    {
      provide: PresenceStore,
      inject: [REDIS, AppConfig],
      useFactory: (redis: RedisClient, config: AppConfig): PresenceStore =>
        redis ? new RedisPresenceStore(redis, config.get('REDIS_KEY_PREFIX'), config.get('PRESENCE_NODE_TTL') * 1000) : new InMemoryPresenceStore(),
    },
  ],
  exports: [PresenceStore],
})
export class PresenceModule {}
