import type { Message } from './types.js';

/**
 * One room's stream of new messages: whatever order and however often a
 * message arrives (live event, send ack, sync, REST page), the app gets each
 * seq exactly once and in order. Seqs are gapless per room (deletes keep theirs),
 * so a message past the head waits until the ones before it are in.
 */
export class RoomFeed {
  private readonly pending = new Map<number, Message>();

  constructor(
    readonly roomId: string,
    /** The last seq delivered (or known to the app, e.g. the room's last message at start). */
    public head: number,
    private readonly deliver: (message: Message) => void,
  ) {}

  /** Takes a message; delivers it and any that were waiting for it. */
  offer(message: Message): void {
    if (message.seq <= this.head || this.pending.has(message.seq)) return;
    this.pending.set(message.seq, message);
    for (let next = this.pending.get(this.head + 1); next; next = this.pending.get(this.head + 1)) {
      this.pending.delete(next.seq);
      this.head = next.seq;
      this.deliver(next);
    }
  }

  /** Messages are waiting behind a missing seq: the app should page after the head. */
  get hasGap(): boolean {
    return this.pending.size > 0;
  }

  /** Moves the head forward without delivering (the app loaded that far itself). */
  skipTo(seq: number): void {
    if (seq <= this.head) return;
    this.head = seq;
    for (const s of [...this.pending.keys()]) if (s <= seq) this.pending.delete(s);
    const next = this.pending.get(this.head + 1);
    if (next) {
      this.pending.delete(next.seq);
      this.offer(next);
    }
  }
}
