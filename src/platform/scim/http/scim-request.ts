import { applyDecorators, Controller, createParamDecorator, ExecutionContext, UseFilters, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../../../core/decorators/public.decorator';
import { ApiKeyGuard, RequireScope } from '../../integrations/http/api-key.guard';
import { ScimErrorFilter, ScimMediaType } from './scim-error.filter';

/** Where the SCIM routes live, outside /api/v1 (the global prefix excludes it, src/app.factory.ts). */
export const SCIM_PATH = 'scim/v2';

/** The service's base URL as the client reached it (for meta.location and members' $ref). */
export const ScimBase = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  const req = ctx.switchToHttp().getRequest<Request>();
  return `${req.protocol}://${req.get('host')}/${SCIM_PATH}`;
});

/** The If-Match header, when sent. */
export const IfMatch = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined =>
  ctx.switchToHttp().getRequest<Request>().get('if-match'),
);

/**
 * A SCIM controller at `SCIM_PATH/<path>`: an API key with the `scim` scope (no user token), every
 * refusal in SCIM's error format and every answer as application/scim+json, under the SCIM tag.
 */
export const ScimController = (path = '') =>
  applyDecorators(
    ApiTags('SCIM'),
    ApiSecurity('api_key'),
    Public(),
    UseGuards(ApiKeyGuard),
    RequireScope('scim'),
    UseFilters(ScimErrorFilter),
    UseInterceptors(ScimMediaType),
    Controller(path ? `${SCIM_PATH}/${path}` : SCIM_PATH),
  );

/** A resource answered with its version as the ETag (RFC 7644 section 3.14). */
export function withETag(res: Response, resource: Record<string, unknown>): Record<string, unknown> {
  res.setHeader('ETag', String((resource.meta as Record<string, unknown>).version));
  return resource;
}
