import { Injectable } from '@nestjs/common';
import { PresenceStore } from './presence.store';

@Injectable()
export class InMemoryPresenceStore extends PresenceStore {
  private readonly sockets = new Map<string, Set<string>>();
  /** Per socket, when it last did something (ms). */
  private readonly lastActive = new Map<string, number>();
  /** Users announced online: `connect` of a socket admitted earlier still reports the user's first. */
  private readonly announced = new Set<string>();

  async admit(userId: string, socketId: string, max: number): Promise<boolean> {
    const set = this.sockets.get(userId) ?? new Set<string>();
    if (!set.has(socketId) && set.size >= max) return false;
    if (!set.has(socketId)) this.lastActive.set(socketId, Date.now());
    set.add(socketId);
    this.sockets.set(userId, set);
    return true;
  }

  async connect(userId: string, socketId: string): Promise<boolean> {
    await this.admit(userId, socketId, Infinity);
    if (this.announced.has(userId)) return false;
    this.announced.add(userId);
    return true;
  }

  async disconnect(userId: string, socketId: string): Promise<boolean> {
    const set = this.sockets.get(userId);
    if (!set?.delete(socketId)) return false;
    this.lastActive.delete(socketId);
    if (set.size > 0) return false;
    this.sockets.delete(userId);
    return this.announced.delete(userId);
  }

  async isOnline(userId: string): Promise<boolean> {
    return this.sockets.has(userId);
  }

  async onlineAmong(userIds: readonly string[]): Promise<Set<string>> {
    return new Set(userIds.filter((id) => this.sockets.has(id)));
  }

  touch(userId: string, socketId: string): void {
    if (this.sockets.get(userId)?.has(socketId)) this.lastActive.set(socketId, Date.now());
  }

  async activeAmong(userIds: readonly string[], idleMs: number): Promise<Set<string>> {
    if (idleMs <= 0) return this.onlineAmong(userIds);
    const since = Date.now() - idleMs;
    return new Set(userIds.filter((id) => [...(this.sockets.get(id) ?? [])].some((s) => (this.lastActive.get(s) ?? 0) >= since)));
  }
}
