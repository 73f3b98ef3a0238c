import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

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
