import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { ThrottledError } from '../errors/domain-error';
import type { RedisClient } from '../redis/redis.module';

export interface LimitSpec {
  keyPrefix: string;
  points: number;
  /** Window in seconds. */
  duration: number;
}

/**
 * A limiter shared by every node through Redis when there is one (with an
 * in-memory insurance limiter for Redis outages), else in memory.
 */
export function createLimiter(redis: RedisClient, redisKeyPrefix: string, spec: LimitSpec): RateLimiterAbstract {
  const memory = new RateLimiterMemory(spec);
  if (!redis) return memory;
  return new RateLimiterRedis({
    ...spec,
    storeClient: redis,
    keyPrefix: `${redisKeyPrefix}:${spec.keyPrefix}`,
    insuranceLimiter: memory,
    // During an outage the insurance answers at once instead of a command waiting for a dead link.
    rejectIfRedisNotReady: true,
  });
}

/** Past a limit for `ms` more: Retry-After in whole seconds, `retry_after_ms` exact. */
export function throttledFor(ms: number): ThrottledError {
  const wait = Math.max(1, Math.ceil(ms));
  return new ThrottledError(Math.ceil(wait / 1000), 'throttled', undefined, wait);
}

/** Consumes `points` (one by default); past the limit a ThrottledError (429 / `throttled` ack) with the wait. */
export async function consumeOrThrottle(limiter: RateLimiterAbstract, key: string, points = 1): Promise<RateLimiterRes> {
  try {
    return await limiter.consume(key, points);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw throttledFor(rejection.msBeforeNext);
    throw rejection;
  }
}
