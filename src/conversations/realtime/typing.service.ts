import { Injectable, OnModuleDestroy, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { isRedisReady, REDIS, type RedisClient } from '../../core/redis/redis.module';
import { AppConfig } from '../../core/config/app-config.service';

export const TYPING_TTL_MS = 6000;
export const TYPING_COALESCE_MS = 1000;

type Emit = (roomId: string, userId: string, isTyping: boolean) => void;

/** Where the once-per-second gate lives: this process, or Redis so that it holds across nodes. */
export class TypingGate {
  constructor(
    private readonly redis?: Redis,
    private readonly prefix = 'parley',
  ) {}

  private readonly lastSent = new Map<string, number>();

  /** Without a usable Redis (outage) the gate holds per node: at worst one `true` a second per node. */
  async open(key: string): Promise<boolean> {
    if (this.redis && isRedisReady(this.redis)) {
      try {
        return (await this.redis.set(`${this.prefix}:typing:${key}`, '1', 'PX', TYPING_COALESCE_MS, 'NX')) === 'OK';
      } catch {
        // fall through to this node's gate
      }
    }
    const now = Date.now();
    if (now - (this.lastSent.get(key) ?? 0) < TYPING_COALESCE_MS) return false;
    this.lastSent.set(key, now);
    return true;
  }

  forget(key: string): void {
    this.lastSent.delete(key);
    if (this.redis && isRedisReady(this.redis)) void this.redis.del(`${this.prefix}:typing:${key}`).catch(() => undefined);
  }
}

/**
 * Typing state per (room, user): at most one `is_typing: true` per second
 * (across nodes with Redis), and a state not renewed within 6 s ends by itself
 * with `is_typing: false`, as do sending and disconnecting.
 */
@Injectable()
export class TypingService implements OnModuleDestroy {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private emit: Emit = () => undefined;

  constructor(@Optional() private readonly gate: TypingGate = new TypingGate()) {}

  onEmit(emit: Emit): void {
    this.emit = emit;
  }

  async start(roomId: string, userId: string): Promise<void> {
    const key = `${roomId}:${userId}`;
    clearTimeout(this.timers.get(key));
    const timer = setTimeout(() => this.stop(roomId, userId), TYPING_TTL_MS);
    timer.unref();
    this.timers.set(key, timer);
    if (await this.gate.open(key)) this.emit(roomId, userId, true);
  }

  stop(roomId: string, userId: string): void {
    const key = `${roomId}:${userId}`;
    const timer = this.timers.get(key);
    if (!timer) return;
    clearTimeout(timer);
    this.timers.delete(key);
    this.gate.forget(key);
    this.emit(roomId, userId, false);
  }

  stopAll(userId: string): void {
    for (const key of [...this.timers.keys()]) {
      const [roomId, who] = key.split(':');
      if (who === userId) this.stop(roomId, userId);
    }
  }

  onModuleDestroy(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

/** The typing gate, shared through Redis when there is one (several nodes), else in memory. */
export const typingGateProvider = {
  provide: TypingGate,
  inject: [REDIS, AppConfig],
  useFactory: (redis: RedisClient, config: AppConfig) => new TypingGate(redis ?? undefined, config.get('REDIS_KEY_PREFIX')),
};
