import type { Logger } from '@nestjs/common';

let answered = 0;
let lastLoggedAt = 0;
let suppressed = 0;

/** How many requests and socket events answered `service_unavailable`, since boot. */
export function unavailableAnswers(): number {
  return answered;
}

/**
 * A `service_unavailable` answer (PostgreSQL unreachable): a warning tagged
 * `service_unavailable`, never an error with a stack, and at most one a second
 * (an outage under load would otherwise write thousands of identical lines);
 * the lines in between are counted in the next one.
 */
export function logUnavailable(logger: Logger, error: unknown): void {
  const cause = error instanceof Error ? error.message : String(error);
  answered += 1;
  const now = Date.now();
  if (now - lastLoggedAt < 1000) {
    suppressed += 1;
    return;
  }
  lastLoggedAt = now;
  const more = suppressed > 0 ? ` (+${suppressed} more since the last line)` : '';
  suppressed = 0;
  logger.warn(`service_unavailable: the database is unreachable (${cause})${more}; ${unavailableAnswers()} such answers since boot`);
}
