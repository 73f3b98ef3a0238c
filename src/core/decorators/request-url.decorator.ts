import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { requestUrl } from '../http/request-url';

/** The absolute request URL, for building pagination links. */
export const RequestUrl = createParamDecorator((_data: unknown, ctx: ExecutionContext): URL => requestUrl(ctx.switchToHttp().getRequest<Request>()));
