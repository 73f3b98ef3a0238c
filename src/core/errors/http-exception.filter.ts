import { ArgumentsHost, Catch, ExceptionFilter, Inject, Logger, Optional } from '@nestjs/common';
import type { Request, Response } from 'express';
import { logUnavailable } from './unavailable-log';
import { toErrorBody } from './error-body';

/** Paths whose clients expect another error format (SCIM's, RFC 7644), each with the filter that writes it. */
export const OTHER_ERROR_FORMATS = Symbol('OTHER_ERROR_FORMATS');
export interface OtherErrorFormat {
  prefix: string;
  filter: ExceptionFilter;
}

/** Every HTTP failure leaves in the contract's DRF-compatible shape (or the format its path's clients expect). */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  constructor(@Optional() @Inject(OTHER_ERROR_FORMATS) private readonly others: OtherErrorFormat[] = []) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const path = host.switchToHttp().getRequest<Request>()?.path ?? '';
    const other = this.others.find((format) => path.startsWith(format.prefix));
    if (other) return other.filter.catch(error, host);
    const response = host.switchToHttp().getResponse<Response>();
    const { status, body, headers, unexpected, unavailable } = toErrorBody(error);
    if (unexpected) this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    if (unavailable) logUnavailable(this.logger, error);
    if (response.headersSent) return;
    // A route's own headers describe its success (an HTML page, a file to save): an error is JSON.
    response.removeHeader('content-disposition');
    response.type('application/json');
    for (const [name, value] of Object.entries(headers ?? {})) response.setHeader(name, value);
    response.status(status).json(body);
  }
}
