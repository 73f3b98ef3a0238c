import type { Logger } from '@nestjs/common';

/**
 * The poll of an outbox worker (webhooks, notifications): drain what is due, again at
 * once while a full batch came back, else after the interval; a failed drain is logged
 * and retried after the interval. `stop` waits for the drain in flight, so shutdown
 * never closes the pool under it.
 */
export class DrainLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

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
      this.running = drain()
        .then((n) => this.schedule(n === batch ? 0 : intervalMs()))
        .catch((error: unknown) => {
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
