import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { ThrottledError } from '../../common/errors/domain-error';

export const AUTH_THROTTLE_BY_IP = 'auth-ip';
export const AUTH_THROTTLE_BY_LOGIN = 'auth-login';

/** The login name a brute-force attempt targets, whatever the IP it comes from. */
export function loginNameTracker(req: Record<string, unknown>): string {
  const body = (req.body ?? {}) as Record<string, unknown>;
  const name = [body.login, body.username, body.email].find((v) => typeof v === 'string') as string | undefined;
  return name ? `login:${name.trim().toLowerCase()}` : `ip:${String(req.ip)}`;
}

/** Login and register limits, answered in the contract's 429 shape with Retry-After. */
@Injectable()
export class AuthThrottlerGuard extends ThrottlerGuard {
  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw new ThrottledError(Math.max(1, Math.ceil(detail.timeToBlockExpire)));
  }
}
