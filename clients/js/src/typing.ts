import type { Realtime } from './realtime.js';

/** Parley ends a typing state 6 s after its last renewal: renew well within that. */
const RENEW_MS = 3_000;
/** Without a keystroke this long, say the user stopped. */
const IDLE_MS = 4_000;
/** A typist whose `false` never came (e.g. lost in a disconnect) is dropped locally after this. */
const REMOTE_EXPIRY_MS = 7_000;

/**
 * Outgoing: call `keystroke(room)` on every input; at most one `typing: true`
 * per room every 3 s reaches the server, and `false` follows idleness or a send.
 * Incoming: who is typing in each room, expiring by itself.
 */
export class TypingTracker {
  private readonly lastSent = new Map<string, number>();
  private readonly idle = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly remote = new Map<string, Map<string, ReturnType<typeof setTimeout>>>();

  constructor(
    private readonly realtime: Realtime,
    private readonly onChange: (roomId: string, userIds: string[]) => void,
  ) {
    // Still typing across a reconnect (a token renewal reconnects too): say so again at once.
    realtime.socket.on('connect', () => {
      for (const roomId of this.idle.keys()) this.announce(roomId);
    });
  }

  keystroke(roomId: string): void {
    if (Date.now() - (this.lastSent.get(roomId) ?? 0) >= RENEW_MS) this.announce(roomId);
    clearTimeout(this.idle.get(roomId));
    this.idle.set(
      roomId,
      setTimeout(() => this.stop(roomId), IDLE_MS),
    );
  }

  /** Sends `typing: true`; one lost to a disconnect is sent again on the next keystroke or reconnect. */
  private announce(roomId: string): void {
    const at = Date.now();
    this.lastSent.set(roomId, at);
    this.realtime.request('typing', { room_id: roomId, is_typing: true }).catch(() => {
      if (this.lastSent.get(roomId) === at) this.lastSent.set(roomId, 0);
    });
  }

  /** Stopped typing (input cleared, message sent: the server also ends typing on send). */
  stop(roomId: string, tell = true): void {
    clearTimeout(this.idle.get(roomId));
    this.idle.delete(roomId);
    if (!this.lastSent.delete(roomId)) return;
    if (tell) this.realtime.request('typing', { room_id: roomId, is_typing: false }).catch(() => undefined);
  }

  /** A `typing` event from the server. */
  received(roomId: string, userId: string, isTyping: boolean): void {
    let room = this.remote.get(roomId);
    if (!room) this.remote.set(roomId, (room = new Map()));
    clearTimeout(room.get(userId));
    if (isTyping)
      room.set(
        userId,
        setTimeout(() => this.received(roomId, userId, false), REMOTE_EXPIRY_MS),
      );
    else if (!room.delete(userId)) return;
    this.onChange(roomId, [...room.keys()]);
  }

  typists(roomId: string): string[] {
    return [...(this.remote.get(roomId)?.keys() ?? [])];
  }

  dispose(): void {
    for (const timer of this.idle.values()) clearTimeout(timer);
    for (const room of this.remote.values()) for (const timer of room.values()) clearTimeout(timer);
  }
}
