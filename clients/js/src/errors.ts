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
  ) {
    super(detail);
    this.name = 'ParleyError';
  }

  static fromAck(error: AckError): ParleyError {
    return new ParleyError(0, error.code, error.detail, error.fields, error.retry_after_ms);
  }

  /** REST bodies: `{detail, code}`, or `{field: [message]}` for invalid input. */
  static fromBody(status: number, body: unknown): ParleyError {
    const b = (body ?? {}) as Record<string, unknown>;
    if (typeof b.detail === 'string') return new ParleyError(status, typeof b.code === 'string' ? b.code : 'error', b.detail);
    const fields = Object.fromEntries(
      Object.entries(b)
        .filter(([, v]) => Array.isArray(v))
        .map(([k, v]) => [k, (v as unknown[]).map(String)]),
    );
    const first = Object.entries(fields)[0];
    return new ParleyError(status, 'validation_error', first ? `${first[0]}: ${first[1][0]}` : `HTTP ${status}`, fields);
  }
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
