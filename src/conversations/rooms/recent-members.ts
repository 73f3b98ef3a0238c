/** How long a confirmed membership lets typing events skip the membership query (while the socket holds the channel). */
const MEMBER_CACHE_MS = 60_000;
/** Entries kept at most (about 130 bytes each): expired ones are dropped first, then all. */
const MEMBER_CACHE_MAX = 500_000;

/** RoomAccess's cache of positive 'room.member' answers, per `${roomId}:${userId}`, on this node. */
export class RecentMembers {
  /** -> until when the membership is trusted. */
  private readonly until = new Map<string, number>();
  /** Membership queries in flight: later events wait on the same one, in order. */
  private readonly checks = new Map<string, Promise<void>>();

  has(roomId: string, userId: string): boolean {
    const until = this.until.get(`${roomId}:${userId}`);
    return until !== undefined && until > Date.now();
  }

  /** Runs `check` (once at a time per key) and remembers the membership when it passes. */
  confirm(roomId: string, userId: string, check: () => Promise<unknown>): Promise<void> {
    const key = `${roomId}:${userId}`;
    let running = this.checks.get(key);
    if (!running) {
      running = check()
        .then(() => this.remember(roomId, userId))
        .finally(() => this.checks.delete(key));
      this.checks.set(key, running);
    }
    return running;
  }

  remember(roomId: string, userId: string): void {
    if (this.until.size >= MEMBER_CACHE_MAX) {
      const now = Date.now();
      for (const [key, until] of this.until) if (until <= now) this.until.delete(key);
      if (this.until.size >= MEMBER_CACHE_MAX) this.until.clear();
    }
    this.until.set(`${roomId}:${userId}`, Date.now() + MEMBER_CACHE_MS);
  }

  forget(roomId: string, userId: string): void {
    this.until.delete(`${roomId}:${userId}`);
  }
}
