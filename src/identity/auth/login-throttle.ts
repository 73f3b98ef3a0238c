import { Injectable } from '@nestjs/common';
import { RateLimiterAbstract } from 'rate-limiter-flexible';
import { createLimiter, throttledFor } from '../../core/throttling/rate-limiter.factory';
import { AppConfig } from '../../core/config/app-config.service';
import { InjectRedis, type RedisClient } from '../../core/redis/redis.module';

/**
 * Failed logins per account, after OWASP's authentication guidance: the budget belongs
 * to the account (its user id, whether the login named it by username or by email;
 * an unknown login by its normalised text), it counts failures only, and a locked
 * account still lets in a correct password from a client (IP) that has not failed
 * recently, so an attacker's guesses cannot lock the owner out.
 */
@Injectable()
export class LoginThrottle {
  private readonly byAccount: RateLimiterAbstract;
  /** Failed logins per client IP; only "has this client failed lately" is read. */
  private readonly failedByIp: RateLimiterAbstract;
  private readonly limit: number;

  constructor(config: AppConfig, @InjectRedis() redis: RedisClient) {
    const duration = config.get('THROTTLE_AUTH_TTL');
    const prefix = config.get('REDIS_KEY_PREFIX');
    this.limit = config.get('THROTTLE_AUTH_LOGIN_LIMIT');
    this.byAccount = createLimiter(redis, prefix, { keyPrefix: 'auth-fail-account', points: this.limit, duration });
    this.failedByIp = createLimiter(redis, prefix, { keyPrefix: 'auth-fail-ip', points: 1_000_000, duration });
  }

  static accountKey(userId: string | undefined, login: string): string {
    return userId ? `user:${userId}` : `login:${login.trim().toLowerCase()}`;
  }

  /** Before the password is checked: a locked account refuses clients that failed lately. */
  async check(account: string, ip: string): Promise<void> {
    const failures = await this.byAccount.get(account);
    if (!failures || failures.consumedPoints < this.limit) return;
    const fromIp = await this.failedByIp.get(ip);
    if (fromIp && fromIp.consumedPoints > 0) throw throttledFor(failures.msBeforeNext);
  }

  async failed(account: string, ip: string): Promise<void> {
    await Promise.all([this.byAccount.penalty(account, 1), this.failedByIp.penalty(ip, 1)]);
  }
}
