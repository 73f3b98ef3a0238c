import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ThrottledError } from '../../common/errors/domain-error';
import { AppConfig } from '../../config/app-config.service';

/** The login name a brute-force attempt targets, whatever the IP it comes from. */
export function loginNameOf(req: Request): string | undefined {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const name = [body.login, body.username, body.email].find((v) => typeof v === 'string') as string | undefined;
  return name?.trim().toLowerCase() || undefined;
}

/**
 * Login and register limits, per client IP and per login name, answered in
 * the contract's 429 shape with Retry-After. In memory on one node.
 */
@Injectable()
export class AuthThrottleGuard implements CanActivate {
  private readonly byIp: RateLimiterMemory;
  private readonly byLogin: RateLimiterMemory;

  constructor(config: AppConfig) {
    const duration = config.get('THROTTLE_AUTH_TTL');
    this.byIp = new RateLimiterMemory({ keyPrefix: 'auth-ip', points: config.get('THROTTLE_AUTH_IP_LIMIT'), duration });
    this.byLogin = new RateLimiterMemory({
      keyPrefix: 'auth-login',
      points: config.get('THROTTLE_AUTH_LOGIN_LIMIT'),
      duration,
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const login = loginNameOf(req);
    try {
      const results = await Promise.all([
        this.byIp.consume(req.ip ?? 'unknown'),
        ...(login ? [this.byLogin.consume(login)] : []),
      ]);
      res.setHeader('X-RateLimit-Remaining', Math.min(...results.map((r) => r.remainingPoints)));
      return true;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) {
        throw new ThrottledError(Math.max(1, Math.ceil(rejection.msBeforeNext / 1000)));
      }
      throw rejection;
    }
  }
}
