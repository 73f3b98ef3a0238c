import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { isDatabaseUnavailable } from '../../core/errors/database-unavailable';
import { GENERIC_PLAN_CONNECTIONS } from '../../core/database/prepared-statements';
import { Message } from './store/entities/message.entity';
import { MessageLog, NewMessage } from './store/message-log';
import { Measurements } from '../../core/metrics/measurements';
import { OrganizationScope } from '../../core/database/organization-scope';

const MAX_BATCH = 256;
/** Batches written at once (one per writer connection): the next one is on its way while PostgreSQL commits the last. */
const MAX_IN_FLIGHT = GENERIC_PLAN_CONNECTIONS;
/**
 * A second batch starts while one is in flight only once this many sends wait: below
 * it they wait for the commit (about a millisecond) and go together. Two small
 * batches cost PostgreSQL two commits and contend for the same room rows; at 1,000
 * messages/s that was a third more PostgreSQL CPU for no latency gain.
 */
const SECOND_BATCH_AT = 32;

interface Pending {
  input: NewMessage;
  /** The sender's organization: a batch holds one organization's messages (row-level security checks each row against it). */
  organizationId: string;
  resolve: (message: Message | null) => void;
  reject: (error: unknown) => void;
}

/**
 * The send path's write-behind batcher. Sends arriving while batches are being
 * written queue up and go together in the next one: one prepared statement (one
 * implicit transaction) per batch, whatever the number of rooms, senders
 * included, and one organization per batch (the sends of others wait for the next). Up to two batches are in flight (the second only under load, see
 * SECOND_BATCH_AT); batches sharing a room serialise on
 * its row lock, so seqs follow commit order, and batches settle in the order they
 * were started, so acks and broadcasts follow it too. Each caller's promise
 * settles after its batch has committed. With nothing in flight a send goes out
 * at once.
 */
@Injectable()
export class MessageWriter implements BeforeApplicationShutdown {
  private queue: Pending[] = [];
  private scheduled = false;
  private inFlight = new Set<Promise<void>>();
  /** Settled when the latest started batch has settled its callers (the next one waits for it). */
  private lastSettled: Promise<void> = Promise.resolve();

  /** When each message's batch committed (monotonic seconds), kept only while metrics are on: the fan-out lag starts there. */
  private readonly commits = new WeakMap<Message, number>();

  constructor(
    private readonly log: MessageLog,
    private readonly measurements: Measurements,
  ) {}

  committedAt(message: Message): number | undefined {
    return this.commits.get(message);
  }

  /** The committed message with its sender loaded, or null when the log skipped it (see MessageLog). */
  write(input: NewMessage): Promise<Message | null> {
    return new Promise((resolve, reject) => {
      // Outside any organization: '' (the batch then sees and writes nothing), never another sender's.
      const organizationId = OrganizationScope.organizationId() ?? '';
      this.queue.push({ input, organizationId, resolve, reject });
      this.schedule();
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    while (this.inFlight.size > 0 || this.queue.length > 0 || this.scheduled) {
      await Promise.all([...this.inFlight, new Promise((next) => setImmediate(next))]);
    }
  }

  /** Starts a batch on the next turn of the event loop (collecting what arrives meanwhile) when one may start. */
  private schedule(): void {
    if (this.scheduled || !this.mayStart()) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.start();
    });
  }

  private start(): void {
    if (!this.mayStart()) return;
    const batch = this.takeBatch();
    const previous = this.lastSettled;
    const written = OrganizationScope.run(batch[0].organizationId, () => this.writeAll(batch));
    const settled = written.then(async (outcomes) => {
      await previous;
      outcomes.forEach((settle) => settle());
    });
    this.lastSettled = settled;
    this.inFlight.add(settled);
    void settled.finally(() => {
      this.inFlight.delete(settled);
      this.schedule();
    });
    this.schedule();
  }

  /** Up to MAX_BATCH queued sends of the first one's organization, in queue order; the others keep their places. */
  private takeBatch(): Pending[] {
    const organizationId = this.queue[0].organizationId;
    if (this.queue.every((pending) => pending.organizationId === organizationId)) return this.queue.splice(0, MAX_BATCH);
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    for (const pending of this.queue) (pending.organizationId === organizationId && batch.length < MAX_BATCH ? batch : rest).push(pending);
    this.queue = rest;
    return batch;
  }

  private mayStart(): boolean {
    if (this.queue.length === 0 || this.inFlight.size >= MAX_IN_FLIGHT) return false;
    return this.inFlight.size === 0 || this.queue.length >= SECOND_BATCH_AT;
  }

  private measured(size: number, started: number, messages: (Message | null)[]): void {
    const committed = Measurements.now();
    this.measurements.record.sendBatch(size, committed - started);
    for (const message of messages) if (message) this.commits.set(message, committed);
  }

  /** Writes a batch; answers how to settle each caller (run in batch order by `start`). */
  private async writeAll(batch: Pending[]): Promise<(() => void)[]> {
    try {
      const started = this.measurements.enabled ? Measurements.now() : 0;
      const messages = await this.log.appendBatch(batch.map((p) => p.input));
      if (started) this.measured(batch.length, started, messages);
      return batch.map((pending, i) => () => pending.resolve(messages[i]));
    } catch (error) {
      // PostgreSQL unreachable: every message would fail alike, and trying them one by one (a
      // connection attempt each) would hold up every later batch for seconds. All answer at once.
      if (batch.length === 1 || isDatabaseUnavailable(error)) return batch.map((pending) => () => pending.reject(error));
      // One bad message (say a client_message_id another batch or node just wrote) must not fail the rest.
      const outcomes: (() => void)[] = [];
      for (const pending of batch) {
        outcomes.push(
          await this.log.appendBatch([pending.input]).then(
            ([message]) =>
              () =>
                pending.resolve(message),
            (single: unknown) => () => pending.reject(single),
          ),
        );
      }
      return outcomes;
    }
  }
}
