import { Emitter } from './emitter.js';
import { isTransient, ParleyError } from './errors.js';
import type { Realtime } from './realtime.js';
import type { Message } from './types.js';

export type OutgoingState = 'sending' | 'sent' | 'failed';

export interface OutgoingMessage {
  client_message_id: string;
  room_id: string;
  content: string;
  reply_to_id?: string;
  /** Upload ids (`client.upload()`), sent with the message. */
  attachments?: string[];
  /** A reply in this message's thread (`also_in_room`: shown in the room's history too). */
  thread_root_id?: string;
  also_in_room?: boolean;
  state: OutgoingState;
  /** The stored message, once sent. */
  message?: Message;
  /** Why it failed (a permanent refusal: validation, access, inactive room). */
  error?: ParleyError;
  attempts: number;
}

type OutboxEvents = { change: OutgoingMessage };

const BACKOFF_MS = [250, 500, 1_000, 2_000, 4_000];

/**
 * The send queue: one message in flight at a time, in the order written, each
 * with its `client_message_id` from the first attempt to the last, so a retry
 * after a timeout, a disconnect or a server restart can never store it twice
 * (Parley answers a known id with the first message).
 */
export class Outbox extends Emitter<OutboxEvents> {
  private readonly queue: OutgoingMessage[] = [];
  /** Permanently refused, kept for `retry()`. */
  private readonly failed = new Map<string, OutgoingMessage>();
  private pumping = false;
  private wake: (() => void) | null = null;

  constructor(
    private readonly realtime: Realtime,
    private readonly onSent: (message: Message) => void,
  ) {
    super();
    realtime.socket.on('connect', () => this.nudge());
  }

  add(item: Omit<OutgoingMessage, 'state' | 'attempts'>): OutgoingMessage {
    const entry: OutgoingMessage = { ...item, state: 'sending', attempts: 0 };
    this.queue.push(entry);
    this.emit('change', entry);
    void this.pump();
    return entry;
  }

  /** Puts a failed message back in the queue, same client_message_id. */
  retry(clientMessageId: string): OutgoingMessage | undefined {
    const entry = [...this.pending(), ...this.failed.values()].find((m) => m.client_message_id === clientMessageId);
    if (!entry || entry.state !== 'failed') return entry;
    this.failed.delete(clientMessageId);
    Object.assign(entry, { state: 'sending', error: undefined, attempts: 0 });
    this.queue.push(entry);
    this.emit('change', entry);
    void this.pump();
    return entry;
  }

  /** Messages not yet sent, in order. */
  pending(): OutgoingMessage[] {
    return [...this.queue];
  }

  private nudge(): void {
    this.wake?.();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) await this.deliver(this.queue[0]);
    } finally {
      this.pumping = false;
    }
  }

  private async deliver(entry: OutgoingMessage): Promise<void> {
    for (;;) {
      if (!this.realtime.connected) await this.pause(30_000);
      if (!this.realtime.connected) continue;
      entry.attempts += 1;
      try {
        const message = await this.realtime.request('message:send', sendPayload(entry));
        this.settle(entry, { state: 'sent', message });
        this.onSent(message);
        return;
      } catch (error) {
        if (!isTransient(error)) {
          this.settle(entry, { state: 'failed', error: error as ParleyError });
          this.failed.set(entry.client_message_id, entry);
          return;
        }
        const wait =
          error instanceof ParleyError && error.retryAfterMs ? error.retryAfterMs : BACKOFF_MS[Math.min(entry.attempts - 1, BACKOFF_MS.length - 1)];
        await this.pause(wait);
      }
    }
  }

  private settle(entry: OutgoingMessage, change: Partial<OutgoingMessage>): void {
    Object.assign(entry, change);
    this.queue.shift();
    this.emit('change', entry);
  }

  /** Waits `ms`, or less when the socket (re)connects. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

/** What `message:send` carries (the gateway takes every field of SendMessageDto; the contract names only some). */
function sendPayload(entry: OutgoingMessage) {
  const { client_message_id, room_id, content, reply_to_id, attachments, thread_root_id, also_in_room } = entry;
  const payload = { room_id, content, client_message_id, ...(reply_to_id ? { reply_to_id } : {}) };
  const extra = {
    ...(attachments?.length ? { attachments } : {}),
    ...(thread_root_id ? { thread_root_id, also_in_room: also_in_room ?? false } : {}),
  };
  return { ...payload, ...extra };
}
