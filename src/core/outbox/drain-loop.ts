import type { Logger } from '@nestjs/common';

/**
 * The poll of an outbox worker (webhooks, notifications): drain what is due, again at
 * once while a full batch came back, else after the interval; a failed drain is logged
 * and retried after the interval. `kick` drains at once (work arrived on this node),
 * or once more right after the drain in flight. `stop` waits for the drain in flight, so shutdown
 * never closes the pool under it.
 */
export class DrainLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private started = false;
  private stopped = false;
  /** Kicked while a drain ran: drain again as soon as it ends. */
  private again = false;

  constructor(
    private readonly options: {
      name: string;
      logger: Logger;
      /** Sends what is due; answers how many rows it claimed. */
      drain: () => Promise<number>;
      batch: number;
      intervalMs: () => number;
    },
  ) {}

  start(): void {
    this.started = true;
    this.schedule(0);
  }

  /** Drains now instead of at the next poll; a no-op before `start` and after `stop`. */
  kick(): void {
    if (!this.started || this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    clearTimeout(this.timer);
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const { name, logger, drain, batch, intervalMs } = this.options;
    this.timer = setTimeout(() => {
      this.again = false;
      this.running = drain()
        .then((n) => {
          this.running = undefined;
          this.schedule(n === batch || this.again ? 0 : intervalMs());
        })
        .catch((error: unknown) => {
          this.running = undefined;
          logger.warn(`${name}: ${String(error)}`);
          this.schedule(intervalMs());
        });
    }, delayMs);
    this.timer.unref();
  }
}

/** Exponential backoff (x4 per attempt) with +-20 % jitter: 5 s, 20 s, 80 s, ... ~23 h at the 9th try with a 5 s base. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  const delay = baseMs * 4 ** Math.max(0, attempt - 1);
  return Math.round(delay * (0.8 + Math.random() * 0.4));
}
