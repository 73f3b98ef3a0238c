import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimiterAbstract } from 'rate-limiter-flexible';
import { consumeOrThrottle, createLimiter } from '../../../core/throttling/rate-limiter.factory';
import { AppConfig } from '../../../core/config/app-config.service';
import { InjectRedis, RedisClient } from '../../../core/redis/redis.module';

/**
 * Login and register attempts per client IP, answered in the contract's 429 shape
 * with Retry-After; counted across nodes with Redis. The per-account budget of
 * failed logins is LoginThrottle's (it needs the resolved account).
 */
@Injectable()
export class AuthThrottleGuard implements CanActivate {
  /** Documented on the routes it guards (src/core/swagger/route-metadata.ts). */
  static readonly sendsRateLimitRemaining = true;
  private readonly byIp: RateLimiterAbstract;

  constructor(config: AppConfig, @InjectRedis() redis: RedisClient) {
    this.byIp = createLimiter(redis, config.get('REDIS_KEY_PREFIX'), {
      keyPrefix: 'auth-ip',
      points: config.get('THROTTLE_AUTH_IP_LIMIT'),
      duration: config.get('THROTTLE_AUTH_TTL'),
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const result = await consumeOrThrottle(this.byIp, req.ip ?? 'unknown');
    res.setHeader('X-RateLimit-Remaining', result.remainingPoints);
    return true;
  }
}
