import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimiterAbstract } from 'rate-limiter-flexible';
import { consumeOrThrottle, createLimiter } from '../../common/throttling/rate-limiter.factory';
import { AppConfig } from '../../config/app-config.service';
import { InjectRedis, RedisClient } from '../../redis/redis.module';

/** The login name a brute-force attempt targets, whatever the IP it comes from. */
export function loginNameOf(req: Request): string | undefined {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const name = [body.login, body.username, body.email].find((v) => typeof v === 'string') as string | undefined;
  return name?.trim().toLowerCase() || undefined;
}

/**
 * Login and register limits, per client IP and per login name, answered in
 * the contract's 429 shape with Retry-After; counted across nodes with Redis.
 */
@Injectable()
export class AuthThrottleGuard implements CanActivate {
  private readonly byIp: RateLimiterAbstract;
  private readonly byLogin: RateLimiterAbstract;

  constructor(config: AppConfig, @InjectRedis() redis: RedisClient) {
    const duration = config.get('THROTTLE_AUTH_TTL');
    const prefix = config.get('REDIS_KEY_PREFIX');
    this.byIp = createLimiter(redis, prefix, { keyPrefix: 'auth-ip', points: config.get('THROTTLE_AUTH_IP_LIMIT'), duration });
    this.byLogin = createLimiter(redis, prefix, { keyPrefix: 'auth-login', points: config.get('THROTTLE_AUTH_LOGIN_LIMIT'), duration });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const login = loginNameOf(req);
    const results = await Promise.all([
      consumeOrThrottle(this.byIp, req.ip ?? 'unknown'),
      ...(login ? [consumeOrThrottle(this.byLogin, login)] : []),
    ]);
    res.setHeader('X-RateLimit-Remaining', Math.min(...results.map((r) => r.remainingPoints)));
    return true;
  }
}
