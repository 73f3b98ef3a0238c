import { ArgumentsHost, CallHandler, Catch, ExceptionFilter, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { Response } from 'express';
import { toErrorBody } from '../../../core/errors/error-body';
import { ScimError } from '../scim-error';
import { InvalidFilter } from '../store/scim-filter-sql';
import { ERROR_SCHEMA } from '../scim-input';

/** Where the SCIM routes are (outside /api/v1: RFC 7644's tenant URL ends in /scim/v2). */
export const SCIM_PREFIX = '/scim/';

/** The media type of every SCIM answer (RFC 7644 section 3.1). */
export const SCIM_MEDIA_TYPE = 'application/scim+json';

/**
 * Every refusal of a SCIM route in RFC 7644 section 3.12's shape (`schemas`, `status` as a string,
 * `scimType`, `detail`), 401 and 403 of the API key included. The status is the one Parley's
 * contract gives the same error (toErrorBody), so the two transports never disagree.
 */
@Catch()
export class ScimErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('ScimError');

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body, headers, unexpected } = toErrorBody(error);
    if (unexpected) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
    response
      .status(status)
      .type(SCIM_MEDIA_TYPE)
      .send(JSON.stringify(scimErrorBody(error, status, body)));
  }
}

export function scimErrorBody(error: unknown, status: number, body: Record<string, unknown>) {
  const fieldMessage = Object.values(body).find(Array.isArray) as string[] | undefined;
  const detail = typeof body.detail === 'string' ? body.detail : (fieldMessage?.[0] ?? 'Invalid request.');
  // ScimError, or the store's InvalidFilter: a refusal that names its scimType.
  const own = error instanceof ScimError || error instanceof InvalidFilter ? error.scimType : undefined;
  const scimType = own ?? (status === 409 ? 'uniqueness' : status === 400 ? 'invalidValue' : undefined);
  return { schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? { scimType } : {}), detail };
}

/** Every SCIM answer's media type, set before the handler runs (express's json() keeps a type already set). */
@Injectable()
export class ScimMediaType implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    context.switchToHttp().getResponse<Response>().type(SCIM_MEDIA_TYPE);
    return next.handle();
  }
}
