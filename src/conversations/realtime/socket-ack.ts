import { Logger } from '@nestjs/common';
import { ContentBlockedError, DomainError, FieldValidationError, ThrottledError } from '../../core/errors/domain-error';
import { toErrorBody } from '../../core/errors/error-body';
import { logUnavailable } from '../../core/errors/unavailable-log';

export interface AckError {
  code: string;
  detail: string;
  fields?: Record<string, string[]>;
  retry_after_ms?: number;
  rule_id?: string | null;
}

/** The acknowledgement of a failed client event: `{ok: false, error: {code, detail}}`, REST's codes. */
export function toAckError(error: unknown): { error: AckError; unexpected: boolean; unavailable?: boolean } {
  if (error instanceof FieldValidationError) {
    return { error: { code: 'validation_error', detail: 'Invalid payload.', fields: error.fields }, unexpected: false };
  }
  if (error instanceof ThrottledError) {
    return { error: { code: error.code, detail: error.detail, retry_after_ms: error.retryAfterMs }, unexpected: false };
  }
  if (error instanceof ContentBlockedError) return { error: { code: error.code, detail: error.detail, rule_id: error.ruleId }, unexpected: false };
  if (error instanceof DomainError) return { error: { code: error.code, detail: error.detail }, unexpected: false };
  const { body, unexpected, unavailable, retryAfterMs } = toErrorBody(error);
  const { detail, code } = body as { detail?: string; code?: string };
  const ackError: AckError = { code: code ?? 'server_error', detail: detail ?? 'A server error occurred.' };
  if (retryAfterMs !== undefined) ackError.retry_after_ms = retryAfterMs;
  return { error: ackError, unexpected: unexpected ?? false, unavailable };
}

const logger = new Logger('WsError');

/** Answers a failed client event (`ack` may be absent), and says its code; an unexpected error is logged with its stack. */
export function ackFailure(error: unknown, ack?: (response: unknown) => void): string {
  const { error: body, unexpected, unavailable } = toAckError(error);
  if (unexpected) logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  if (unavailable) logUnavailable(logger, error);
  ack?.({ ok: false, error: body });
  return body.code;
}
