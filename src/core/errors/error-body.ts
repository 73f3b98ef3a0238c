import { QueryFailedError } from 'typeorm';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from './database-unavailable';
import { ContentBlockedError, DomainError, FieldValidationError, ThrottledError } from './domain-error';
import { ErrorCode, httpStatusOf } from './error-codes';
import { uniqueViolationFor } from './unique-violations';

export interface ErrorBody {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
  /** Unexpected: log it with its stack. */
  unexpected?: boolean;
  /** A dependency (PostgreSQL) is unreachable: temporary, logged apart from server errors. */
  unavailable?: boolean;
  /** When to retry (`Retry-After` in seconds over HTTP, `retry_after_ms` in socket acks). */
  retryAfterMs?: number;
}

const coded = (code: ErrorCode, detail: string): ErrorBody => ({
  status: httpStatusOf(code),
  body: { detail, code },
});

/**
 * Turns anything thrown into the contract's error body. Shared by the HTTP
 * filter and (later) the socket acknowledgement filter.
 */
export function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof FieldValidationError) return { status: 400, body: error.fields };
  if (error instanceof ThrottledError) {
    return {
      status: httpStatusOf(error.code),
      body: { detail: error.detail, code: error.code, retry_after_ms: error.retryAfterMs },
      headers: { 'Retry-After': String(error.retryAfterSeconds) },
    };
  }
  if (error instanceof ContentBlockedError)
    return { ...coded(error.code, error.detail), body: { detail: error.detail, code: error.code, rule_id: error.ruleId } };
  if (error instanceof DomainError) return coded(error.code, error.detail);
  if (error instanceof QueryFailedError) {
    const driverError = error.driverError as { code?: string; constraint?: string };
    if (driverError?.code === '23505') {
      const { code, detail } = uniqueViolationFor(driverError.constraint);
      return coded(code, detail);
    }
  }
  if (isDatabaseUnavailable(error)) {
    return {
      ...coded('service_unavailable', 'The service is temporarily unavailable. Retry shortly.'),
      headers: { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
      retryAfterMs: DATABASE_RETRY_AFTER_SECONDS * 1000,
      unavailable: true,
    };
  }
  const httpStatus = statusOfHttpError(error);
  if (httpStatus !== undefined) return fromHttpStatus(httpStatus, error);
  return { ...coded('server_error', 'A server error occurred.'), unexpected: true };
}

/** Nest's HttpException and body-parser/http-errors both carry a status. */
function statusOfHttpError(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { getStatus?: () => number; status?: unknown; statusCode?: unknown };
  if (typeof candidate.getStatus === 'function') return candidate.getStatus();
  const status = candidate.status ?? candidate.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}

function fromHttpStatus(status: number, error: unknown): ErrorBody {
  const type = (error as { type?: string }).type;
  switch (status) {
    case 400:
      if (type === 'entity.parse.failed') {
        return coded('parse_error', `JSON parse error - ${(error as Error).message}`);
      }
      return coded('parse_error', 'Malformed request.');
    case 401:
      return coded('not_authenticated', 'Authentication credentials were not provided.');
    case 403:
      return coded('permission_denied', 'You do not have permission to perform this action.');
    case 404:
      return coded('not_found', 'Not found.');
    case 405:
      return coded('method_not_allowed', 'Method not allowed.');
    case 413:
      return coded('payload_too_large', 'Request body is larger than the configured limit.');
    case 415:
      return coded('unsupported_media_type', 'Unsupported media type in request.');
    case 503: {
      // A failed health check keeps its report (which dependency is down).
      const report = (error as { getResponse?: () => unknown }).getResponse?.();
      if (report && typeof report === 'object' && 'details' in report) return { status: 503, body: report as Record<string, unknown> };
      return coded('service_unavailable', 'Service temporarily unavailable.');
    }
    default:
      if (status < 500) return { status, body: { detail: (error as Error).message, code: 'error' } };
      return { ...coded('server_error', 'A server error occurred.'), unexpected: true };
  }
}
