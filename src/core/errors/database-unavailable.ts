/** What a client is told to wait before retrying when PostgreSQL is unreachable. */
export const DATABASE_RETRY_AFTER_SECONDS = 1;

/** Socket-level failures of the connection to PostgreSQL. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * SQLSTATEs of a server that is going away or not there yet: 57P01 admin
 * shutdown, 57P02 crash shutdown, 57P03 cannot connect now (starting up,
 * shutting down, in recovery), 53300 too many connections; class 08 is
 * "connection exception". 25006 (read-only transaction) is a write that reached
 * a server that is no longer the primary: a failover in progress, seen on a
 * connection opened before it (docs/faults.md, "PostgreSQL failover").
 */
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '25006']);

/** Messages `pg` and its pool use for a lost or unobtainable connection (they carry no code). */
const MESSAGES = [
  /Connection terminated/i,
  /timeout exceeded when trying to connect/i,
  /Client has encountered a connection error and is not queryable/i,
  /Connection closed/i,
  /connect ECONNREFUSED/i,
];

/**
 * Whether an error means "PostgreSQL is unreachable right now" (an outage a
 * client should retry through) rather than a bug. Looks at the error, the
 * driver error TypeORM wraps (`driverError`) and `cause` chains.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  let queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 8) {
    const next: unknown[] = [];
    for (const candidate of queue) {
      if (typeof candidate !== 'object' || candidate === null || seen.has(candidate)) continue;
      seen.add(candidate);
      const { code, message, driverError, cause, errors } = candidate as {
        code?: unknown;
        message?: unknown;
        driverError?: unknown;
        cause?: unknown;
        errors?: unknown;
      };
      if (typeof code === 'string' && (NETWORK_CODES.has(code) || SQLSTATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
      if (typeof message === 'string' && MESSAGES.some((pattern) => pattern.test(message))) return true;
      next.push(driverError, cause, ...(Array.isArray(errors) ? errors : []));
    }
    queue = next;
  }
  return false;
}
