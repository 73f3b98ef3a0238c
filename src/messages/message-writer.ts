import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In } from 'typeorm';
import { User } from '../users/entities/user.entity';
import { Message } from './entities/message.entity';
import { MessageLog, NewMessage, toMessage } from './message-log';

const MAX_BATCH = 256;

interface Pending {
  input: NewMessage;
  resolve: (message: Message | null) => void;
  reject: (error: unknown) => void;
}

/**
 * The send path's write-behind batcher. Sends arriving while a batch is being
 * written queue up and go together in the next one: one statement (one implicit
 * transaction) per batch, whatever the number of rooms, and one query for the
 * senders. Each caller's promise settles after its batch has committed, so acks
 * still follow the commit. With nothing in flight a send goes out at once.
 */
@Injectable()
export class MessageWriter implements BeforeApplicationShutdown {
  private queue: Pending[] = [];
  private draining: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly log: MessageLog,
  ) {}

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

  private async writeBatch(inputs: NewMessage[]): Promise<(Message | null)[]> {
    const appended = await this.log.appendMany(this.dataSource.manager, inputs);
    const senderIds = [...new Set(inputs.map((m) => m.senderId).filter((id): id is string => id !== null))];
    const senders = new Map(
      (senderIds.length ? await this.dataSource.getRepository(User).findBy({ id: In(senderIds) }) : []).map((u) => [u.id, u]),
    );
    return inputs.map((input, i) => {
      const done = appended[i];
      if (!done) return null;
      const message = toMessage(input, done);
      message.sender = input.senderId ? (senders.get(input.senderId) ?? null) : null;
      return message;
    });
  }
}
