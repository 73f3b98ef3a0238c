import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../../core/config/app-config.service';
import { OrganizationScope } from '../../core/database/organization-scope';
import { InjectRedis, type RedisClient } from '../../core/redis/redis.module';
import { SharedSnapshot } from '../../core/redis/shared-snapshot';
import { SuspensionsRepository } from './store/suspensions.repository';

/** Shadow-suspended users and when each suspension ends (null: until lifted). */
type Snapshot = Map<string, number | null>;

/**
 * Who is under a shadow suspension (docs/compliance.md), as the send path asks it for every message:
 * every shadow suspension of the deployment (few) read in one query and kept until a suspension
 * changes (a SharedSnapshot, on `<REDIS_KEY_PREFIX>:suspensions:changed`). A suspension that ends by
 * its time ends here at that time.
 */
@Injectable()
export class ShadowSuspensions implements OnModuleInit, OnApplicationShutdown {
  private readonly snapshot: SharedSnapshot<Snapshot>;

  constructor(
    private readonly suspensions: SuspensionsRepository,
    @InjectRedis() redis: RedisClient,
    config: AppConfig,
  ) {
    this.snapshot = new SharedSnapshot({
      name: 'suspensions',
      redis,
      channel: `${config.get('REDIS_KEY_PREFIX')}:suspensions:changed`,
      // Every organization's at once: user ids are unique across them.
      load: async () => {
        const rows = await OrganizationScope.runAsSystem(() => this.suspensions.shadowed());
        return new Map(rows.map((r) => [r.userId, r.until?.getTime() ?? null]));
      },
    });
  }

  onModuleInit(): void {
    this.snapshot.listen();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.snapshot.close();
  }

  /** Whether a shadow suspension applies to the user now. */
  async applies(userId: string): Promise<boolean> {
    const until = (await this.snapshot.get()).get(userId);
    if (until === undefined) return false;
    return until === null || until > Date.now();
  }

  /** After a suspension was made or lifted: this node now, the others through Redis. */
  changed(): Promise<void> {
    return this.snapshot.changed();
  }
}
