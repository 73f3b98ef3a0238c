import { Injectable } from '@nestjs/common';
import { PresenceStore } from './presence.store';

@Injectable()
export class InMemoryPresenceStore extends PresenceStore {
  private readonly sockets = new Map<string, Set<string>>();

  async connect(userId: string, socketId: string): Promise<boolean> {
    const set = this.sockets.get(userId) ?? new Set<string>();
    const first = set.size === 0;
    set.add(socketId);
    this.sockets.set(userId, set);
    return first;
  }

  async disconnect(userId: string, socketId: string): Promise<boolean> {
    const set = this.sockets.get(userId);
    if (!set?.delete(socketId)) return false;
    if (set.size > 0) return false;
    this.sockets.delete(userId);
    return true;
  }

  async isOnline(userId: string): Promise<boolean> {
    return this.sockets.has(userId);
  }

  async onlineAmong(userIds: readonly string[]): Promise<Set<string>> {
    return new Set(userIds.filter((id) => this.sockets.has(id)));
  }
}
