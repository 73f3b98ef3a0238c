import { Injectable, OnModuleDestroy } from '@nestjs/common';

export const TYPING_TTL_MS = 6000;
export const TYPING_COALESCE_MS = 1000;

type Emit = (roomId: string, userId: string, isTyping: boolean) => void;

/**
 * Typing state per (room, user): at most one `is_typing: true` per second,
 * and a state not renewed within 6 s ends by itself with `is_typing: false`.
 */
@Injectable()
export class TypingService implements OnModuleDestroy {
  private readonly states = new Map<string, { timer: NodeJS.Timeout; lastSent: number }>();
  private emit: Emit = () => undefined;

  onEmit(emit: Emit): void {
    this.emit = emit;
  }

  start(roomId: string, userId: string): void {
    const key = `${roomId}:${userId}`;
    const state = this.states.get(key);
    const now = Date.now();
    if (state) clearTimeout(state.timer);
    const timer = setTimeout(() => this.stop(roomId, userId), TYPING_TTL_MS);
    timer.unref();
    if (!state || now - state.lastSent >= TYPING_COALESCE_MS) {
      this.states.set(key, { timer, lastSent: now });
      this.emit(roomId, userId, true);
    } else {
      this.states.set(key, { timer, lastSent: state.lastSent });
    }
  }

  stop(roomId: string, userId: string): void {
    const key = `${roomId}:${userId}`;
    const state = this.states.get(key);
    if (!state) return;
    clearTimeout(state.timer);
    this.states.delete(key);
    this.emit(roomId, userId, false);
  }

  stopAll(userId: string): void {
    for (const key of [...this.states.keys()]) {
      const [roomId, who] = key.split(':');
      if (who === userId) this.stop(roomId, userId);
    }
  }

  onModuleDestroy(): void {
    for (const { timer } of this.states.values()) clearTimeout(timer);
    this.states.clear();
  }
}
