import { Global, Injectable, Module, Optional } from '@nestjs/common';
import { RateLimiterAbstract, RateLimiterRes } from 'rate-limiter-flexible';
import { AppConfig } from '../config/app-config.service';
import type { Env } from '../config/env.schema';
import { InjectRedis, type RedisClient } from '../redis/redis.module';
import { consumeOrThrottle, createLimiter, throttledFor } from './rate-limiter.factory';
import { OrganizationSettingsReader } from '../organizations/organization-settings';
import { ORGANIZATION_LIMITS, OrganizationLimitName } from '../organizations/store/entities/organization.entity';

/** Every per-user budget, its variables and what one point is (docs/limits-abuse.md lists the defaults). */
const LIMITS = {
  /** Message events (send, edit, delete) over REST and sockets alike: one budget per user. */
  message: ['SOCKET_RATE_LIMIT', 'SOCKET_RATE_WINDOW'],
  /** Rooms created (a ONE_TO_ONE room only when it is new). */
  room_create: ['ROOM_CREATE_LIMIT', 'ROOM_CREATE_WINDOW'],
  /** Invitations sent by one user. */
  invite: ['INVITE_LIMIT', 'INVITE_WINDOW'],
  /** Invitations of one user to one room (invite / decline / re-invite loops). */
  invite_repeat: ['INVITE_REPEAT_LIMIT', 'INVITE_REPEAT_WINDOW'],
  /** Users one user puts into rooms without their consent (added, or participants of a new room). */
  member_add: ['MEMBER_ADD_LIMIT', 'MEMBER_ADD_WINDOW'],
  /** Times one user is put into rooms or invited, by anyone (the target's own budget). */
  member_added: ['MEMBER_ADDED_LIMIT', 'MEMBER_ADDED_WINDOW'],
  /** Reactions added or removed (each one a broadcast to the room). */
  reaction: ['REACTION_LIMIT', 'REACTION_WINDOW'],
  /** Reports filed, of messages and of users. */
  report: ['REPORT_LIMIT', 'REPORT_WINDOW'],
  typing: ['SOCKET_TYPING_LIMIT', 'SOCKET_TYPING_WINDOW'],
  read: ['SOCKET_READ_LIMIT', 'SOCKET_READ_WINDOW'],
  sync: ['SOCKET_SYNC_LIMIT', 'SOCKET_SYNC_WINDOW'],
} as const satisfies Record<string, [keyof Env, keyof Env]>;

export type LimitName = keyof typeof LIMITS;

/** Local windows kept at most before expired ones are swept (the hot path's memory bound). */
const LOCAL_MAX = 200_000;

/**
 * Per-user abuse limits, counted in Redis across nodes when there is one (with
 * an in-memory insurance limiter during outages), else in memory. Past a limit:
 * `ThrottledError` (429 `throttled` with Retry-After; ack `throttled` with retry_after_ms).
 */
@Injectable()
export class UserLimits {
  private readonly limiters = new Map<LimitName, RateLimiterAbstract>();
  private readonly points = new Map<LimitName, number>();
  private readonly windows = new Map<LimitName, number>();
  /** Hot path (`hit`): this node's fixed windows, and blocks learnt from the shared count. */
  private readonly local = new Map<string, { count: number; resetAt: number }>();
  private readonly blockedUntil = new Map<string, number>();
  /** Limiters of organizations' own limits, by name and points (settings.limits). */
  private readonly own = new Map<string, RateLimiterAbstract>();
  private readonly prefix: string;

  constructor(
    config: AppConfig,
    @InjectRedis() private readonly redis: RedisClient,
    @Optional() private readonly settings?: OrganizationSettingsReader,
  ) {
    const prefix = config.get('REDIS_KEY_PREFIX');
    this.prefix = prefix;
    for (const [name, [pointsKey, windowKey]] of Object.entries(LIMITS) as [LimitName, [keyof Env, keyof Env]][]) {
      const points = config.get(pointsKey) as number;
      const duration = config.get(windowKey) as number;
      this.points.set(name, points);
      this.windows.set(name, duration * 1000);
      this.limiters.set(name, createLimiter(redis, prefix, { keyPrefix: `limit-${name}`, points, duration }));
    }
  }

  /** One point of `name` for `key` (a user id, or `userId:otherId`); throws ThrottledError past the limit. */
  async consume(name: LimitName, key: string, points = 1): Promise<void> {
    await consumeOrThrottle(await this.limiterOf(name), key, points);
  }

  /** The current organization's own limit of `name` where it sets one (docs/organizations.md), else the deployment's. */
  private async limiterOf(name: LimitName): Promise<RateLimiterAbstract> {
    if (!this.settings || !(ORGANIZATION_LIMITS as readonly string[]).includes(name)) return this.limiters.get(name)!;
    const points = (await this.settings.current()).limits?.[name as OrganizationLimitName];
    if (!points) return this.limiters.get(name)!;
    const id = `${name}:${points}`;
    let limiter = this.own.get(id);
    if (!limiter) {
      limiter = createLimiter(this.redis, this.prefix, { keyPrefix: `limit-${name}-p${points}`, points, duration: this.windows.get(name)! / 1000 });
      this.own.set(id, limiter);
    }
    return limiter;
  }

  /**
   * The hot path's check (typing): synchronous, no await per event. This node counts
   * exactly in memory; with Redis the shared count is updated in the background and,
   * once it says the user is over, this node refuses until the window ends (so several
   * nodes together let through at most a few events more than the limit).
   */
  hit(name: LimitName, key: string): void {
    const now = Date.now();
    const id = `${name}:${key}`;
    const blocked = this.blockedUntil.get(id);
    if (blocked !== undefined) {
      if (blocked > now) throw throttledFor(blocked - now);
      this.blockedUntil.delete(id);
    }
    let window = this.local.get(id);
    if (!window || window.resetAt <= now) {
      if (this.local.size >= LOCAL_MAX) this.sweep(now);
      window = { count: 0, resetAt: now + this.windows.get(name)! };
      this.local.set(id, window);
    }
    if (window.count >= this.points.get(name)!) throw throttledFor(window.resetAt - now);
    window.count += 1;
    if (this.redis) {
      this.limiters
        .get(name)!
        .consume(key)
        .catch((rejection: unknown) => {
          if (rejection instanceof RateLimiterRes) this.blockedUntil.set(id, Date.now() + rejection.msBeforeNext);
        });
    }
  }

  private sweep(now: number): void {
    for (const [id, window] of this.local) if (window.resetAt <= now) this.local.delete(id);
    for (const [id, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(id);
    if (this.local.size >= LOCAL_MAX) this.local.clear();
  }
}

/** Global: rooms, messages, the gateway and auth share one set of limiters. */
@Global()
@Module({ providers: [UserLimits], exports: [UserLimits] })
export class UserLimitsModule {}
