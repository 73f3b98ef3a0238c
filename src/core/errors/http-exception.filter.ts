import { ArgumentsHost, Catch, ExceptionFilter, Logger } from '@nestjs/common';
import type { Response } from 'express';
import { logUnavailable } from './unavailable-log';
import { toErrorBody } from './error-body';

/** Every HTTP failure leaves in the contract's DRF-compatible shape. */
@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpError');

  catch(error: unknown, host: ArgumentsHost): void {
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
