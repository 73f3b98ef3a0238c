import type { AckError } from '../../../src/core/contracts/socket-events.js';

/** A failure answered by Parley: REST's `{detail, code}` / field errors, or a socket ack's error. */
export class ParleyError extends Error {
  constructor(
    /** HTTP status, or 0 for a socket ack. */
    readonly status: number,
    readonly code: string,
    detail: string,
    readonly fields?: Record<string, string[]>,
    readonly retryAfterMs?: number,
    /** With `content_blocked`: the content rule that refused the message (null: the deployment's pre-send hook). */
    readonly ruleId?: string | null,
  ) {
    super(detail);
    this.name = 'ParleyError';
  }

  static fromAck(error: AckError): ParleyError {
    return new ParleyError(0, error.code, error.detail, error.fields, error.retry_after_ms, error.rule_id);
  }

  /** REST bodies: `{detail, code}`, or `{field: [message]}` for invalid input. */
  static fromBody(status: number, body: unknown): ParleyError {
    const b = (body ?? {}) as Record<string, unknown>;
    if (typeof b.detail === 'string') {
      const ruleId = typeof b.rule_id === 'string' || b.rule_id === null ? b.rule_id : undefined;
      return new ParleyError(status, typeof b.code === 'string' ? b.code : 'error', b.detail, undefined, undefined, ruleId);
    }
    const fields = Object.fromEntries(
      Object.entries(b)
        .filter(([, v]) => Array.isArray(v))
        .map(([k, v]) => [k, (v as unknown[]).map(String)]),
    );
    const first = Object.entries(fields)[0];
    return new ParleyError(status, 'validation_error', first ? `${first[0]}: ${first[1][0]}` : `HTTP ${status}`, fields);
  }
}

/** A content rule (or the deployment's pre-send hook) refused a send or an edit: 422 over REST, the same code in a socket ack. */
export function isContentBlocked(error: unknown): error is ParleyError {
  return error instanceof ParleyError && error.code === 'content_blocked';
}

/** Errors worth another try of the same request (the network, the server's bad moment, rate limits, slow mode). */
export function isTransient(error: unknown): boolean {
  if (!(error instanceof ParleyError)) return true; // network failures, timeouts, disconnects
  return (
    error.status >= 500 ||
    error.code === 'throttled' ||
    error.code === 'slow_mode' ||
    error.code === 'server_error' ||
    error.code === 'timeout' ||
    error.code === 'disconnected'
  );
}
