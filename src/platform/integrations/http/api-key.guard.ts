import { CanActivate, ExecutionContext, Injectable, SetMetadata, createParamDecorator } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { RateLimiterAbstract } from 'rate-limiter-flexible';
import { Policy } from '../../../core/policy/policy';
import { consumeOrThrottle, createLimiter } from '../../../core/throttling/rate-limiter.factory';
import { AppConfig } from '../../../core/config/app-config.service';
import { InjectRedis, RedisClient } from '../../../core/redis/redis.module';
import { ApiKeysService } from '../api-keys.service';
import { ApiKey, ApiKeyScope } from '../store/entities/api-key.entity';

const SCOPE = 'parley:api-key-scope';
/** The scope a server route needs; the route is reached with an API key, not a user token. */
export const RequireScope = (scope: ApiKeyScope) => SetMetadata(SCOPE, scope);

type KeyedRequest = Request & { apiKey?: ApiKey };
export const CurrentApiKey = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): ApiKey => ctx.switchToHttp().getRequest<KeyedRequest>().apiKey!,
);

/** `X-Api-Key: pk_...`, or `Authorization: Bearer pk_...`. */
function secretOf(req: Request): string | undefined {
  const header = req.get('x-api-key');
  if (header) return header.trim();
  const match = /^Bearer\s+(pk_\S+)$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

/** API-key authentication, the route's scope, and the keys' own rate-limit budget (per key). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  /** Documented on the routes it guards (src/core/swagger/route-metadata.ts). */
  static readonly sendsRateLimitRemaining = true;
  private readonly limiter: RateLimiterAbstract;

  constructor(
    private readonly keys: ApiKeysService,
    private readonly reflector: Reflector,
    config: AppConfig,
    @InjectRedis() redis: RedisClient,
  ) {
    this.limiter = createLimiter(redis, config.get('REDIS_KEY_PREFIX'), {
      keyPrefix: 'api-key',
      points: config.get('API_KEY_RATE_LIMIT'),
      duration: config.get('API_KEY_RATE_WINDOW'),
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<KeyedRequest>();
    const key = await this.keys.authenticate(secretOf(req));
    const limit = await consumeOrThrottle(this.limiter, key.id);
    context.switchToHttp().getResponse<Response>().setHeader('X-RateLimit-Remaining', limit.remainingPoints);
    const scope = this.reflector.getAllAndOverride<ApiKeyScope | undefined>(SCOPE, [context.getHandler(), context.getClass()]);
    if (scope) Policy.require(key, 'server_api.call', { scope });
    req.apiKey = key;
    return true;
  }
}
