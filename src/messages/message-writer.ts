import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { Message } from './entities/message.entity';
import { MessageLog, NewMessage } from './message-log';

const MAX_BATCH = 256;

interface Pending {
  input: NewMessage;
  resolve: (message: Message | null) => void;
  reject: (error: unknown) => void;
}

/**
 * The send path's write-behind batcher. Sends arriving while a batch is being
 * written queue up and go together in the next one: one prepared statement (one
 * implicit transaction) per batch, whatever the number of rooms, senders included. Each caller's promise settles after its batch has committed, so acks
 * still follow the commit. With nothing in flight a send goes out at once.
 */
@Injectable()
export class MessageWriter implements BeforeApplicationShutdown {
  private queue: Pending[] = [];
  private draining: Promise<void> | null = null;

  constructor(private readonly log: MessageLog) {}

  /** The committed message with its sender loaded, or null when the log skipped it (see MessageLog). */
  write(input: NewMessage): Promise<Message | null> {
    return new Promise((resolve, reject) => {
      this.queue.push({ input, resolve, reject });
      this.draining ??= new Promise((started) => setImmediate(started)).then(() => this.drain());
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          this.settle(batch, await this.writeBatch(batch.map((p) => p.input)));
        } catch (error) {
          if (batch.length === 1) batch[0].reject(error);
          // One bad message (say a client_message_id another node just wrote) must not fail the rest.
          else for (const pending of batch) await this.writeBatch([pending.input]).then((r) => this.settle([pending], r), pending.reject);
        }
      }
    } finally {
      this.draining = null;
    }
  }

  private settle(batch: Pending[], messages: (Message | null)[]): void {
    batch.forEach((pending, i) => pending.resolve(messages[i]));
  }

  private writeBatch(inputs: NewMessage[]): Promise<(Message | null)[]> {
    return this.log.appendBatch(inputs);
  }
}
