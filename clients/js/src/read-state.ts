import type { Message } from './types.js';

/**
 * Per room: how far the user has read and how many messages from others are
 * unread. Seeded from the room list, moved by delivered messages, by the
 * user's own reads (any device) and by their own sends (sending counts as reading).
 */
export class ReadState {
  private readonly unread = new Map<string, number>();
  private readonly lastRead = new Map<string, number>();

  constructor(private readonly onUnread: (roomId: string, count: number) => void) {}

  count(roomId: string): number {
    return this.unread.get(roomId) ?? 0;
  }

  set(roomId: string, count: number): void {
    if (this.unread.get(roomId) === count) return;
    this.unread.set(roomId, count);
    this.onUnread(roomId, count);
  }

  /** Whether reading up to `seq` moves the position forward (and records it if so). */
  advance(roomId: string, seq: number): boolean {
    if (seq <= (this.lastRead.get(roomId) ?? -1)) return false;
    this.lastRead.set(roomId, seq);
    return true;
  }

  /**
   * A new message delivered to the app: others' text messages count as unread; an own text
   * message reads everything before it (Parley moves the sender's read position with the send).
   */
  delivered(message: Message, meId: string | undefined): void {
    if (message.sender?.id === meId) {
      this.advance(message.room_id, message.seq);
      if (message.type === 'text') this.set(message.room_id, 0);
    } else if (message.type === 'text' && message.seq > (this.lastRead.get(message.room_id) ?? -1))
      this.set(message.room_id, this.count(message.room_id) + 1);
  }
}
