import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { isRedisReady } from '../../core/redis/redis.module';
import { PresenceStore } from './presence.store';

/**
 * Presence shared by every node. Each node keeps, in a Redis hash of its own,
 * how many sockets each user has on it, and heartbeats into a sorted set. A
 * user is online while any live node counts them. A node silent for the TTL
 * (kill -9, crash) is swept by a surviving node, which claims it atomically
 * (ZREM) and reports its users that are now offline everywhere. The heartbeat
 * also shares when each user's sockets on the node last did something (a
 * second hash), for `activeAmong`. During a Redis
 * outage connects and disconnects count on this node alone (a socket is never
 * refused for presence) and the next heartbeat writes the node's counts again.
 */
@Injectable()
export class RedisPresenceStore extends PresenceStore implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisPresenceStore.name);
  private readonly nodeId = randomUUID();
  private readonly local = new Map<string, Set<string>>();
  /** Per socket on this node, when it last did something (ms); shared per user by the heartbeat. */
  private readonly lastActive = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  /** No sweeping before this: after an outage every node needs one heartbeat to prove it lives. */
  private sweepAfter = 0;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly ttlMs: number,
  ) {
    super();
  }

  private get nodesKey(): string {
    return `${this.prefix}:presence:nodes`;
  }

  private nodeKey(nodeId: string): string {
    return `${this.prefix}:presence:node:${nodeId}`;
  }

  /** A node's users with when one of their sockets there last did something (ms), written by its heartbeat. */
  private activityKey(nodeId: string): string {
    return `${this.prefix}:presence:active:${nodeId}`;
  }

  onModuleInit(): void {
    void this.beat();
    this.timer = setInterval(() => void this.beat(), Math.max(500, Math.floor(this.ttlMs / 3)));
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.redis
      .multi()
      .zrem(this.nodesKey, this.nodeId)
      .del(this.nodeKey(this.nodeId), this.activityKey(this.nodeId))
      .exec()
      .catch(() => undefined);
  }

  async connect(userId: string, socketId: string): Promise<boolean> {
    const sockets = this.local.get(userId) ?? new Set<string>();
    if (!sockets.has(socketId)) this.lastActive.set(socketId, Date.now());
    sockets.add(socketId);
    this.local.set(userId, sockets);
    return this.shared(
      async () => {
        await this.redis.hset(this.nodeKey(this.nodeId), userId, sockets.size);
        return (await this.countEverywhere([userId])).get(userId) === 1;
      },
      () => sockets.size === 1,
    );
  }

  /** Counted first, checked after: two nodes admitting at once both see both sockets. */
  async admit(userId: string, socketId: string, max: number): Promise<boolean> {
    const sockets = this.local.get(userId) ?? new Set<string>();
    if (sockets.has(socketId)) return true;
    sockets.add(socketId);
    this.lastActive.set(socketId, Date.now());
    this.local.set(userId, sockets);
    await this.redis.hset(this.nodeKey(this.nodeId), userId, sockets.size);
    if (((await this.countEverywhere([userId])).get(userId) ?? 0) <= max) return true;
    await this.disconnect(userId, socketId);
    return false;
  }

  async disconnect(userId: string, socketId: string): Promise<boolean> {
    const sockets = this.local.get(userId);
    if (!sockets?.delete(socketId)) return false;
    this.lastActive.delete(socketId);
    if (sockets.size > 0) {
      await this.shared(
        () => this.redis.hset(this.nodeKey(this.nodeId), userId, sockets.size).then(() => false),
        () => false,
      );
      return false;
    }
    this.local.delete(userId);
    return this.shared(
      async () => {
        await this.redis.hdel(this.nodeKey(this.nodeId), userId);
        return !(await this.countEverywhere([userId])).get(userId);
      },
      () => true,
    );
  }

  /** Runs a Redis step, or answers from this node's counts when Redis is not there (outage). */
  private async shared<T>(work: () => Promise<T>, locally: () => T): Promise<T> {
    if (!isRedisReady(this.redis)) return locally();
    try {
      return await work();
    } catch (error) {
      this.logger.warn(`presence write failed, counting on this node: ${error instanceof Error ? error.message : String(error)}`);
      return locally();
    }
  }

  async isOnline(userId: string): Promise<boolean> {
    return (await this.onlineAmong([userId])).has(userId);
  }

  /** During a Redis outage everyone reads as offline rather than failing the REST call. */
  async onlineAmong(userIds: readonly string[]): Promise<Set<string>> {
    if (!isRedisReady(this.redis)) return new Set();
    try {
      const counts = await this.countEverywhere(userIds);
      return new Set(userIds.filter((id) => (counts.get(id) ?? 0) > 0));
    } catch (error) {
      this.logger.warn(`presence read failed, answering offline: ${error instanceof Error ? error.message : String(error)}`);
      return new Set();
    }
  }

  touch(userId: string, socketId: string): void {
    if (this.local.get(userId)?.has(socketId)) this.lastActive.set(socketId, Date.now());
  }

  /** When one of the user's sockets on this node last did something (ms), or 0 with none here. */
  private localActivity(userId: string): number {
    return Math.max(0, ...[...(this.local.get(userId) ?? [])].map((s) => this.lastActive.get(s) ?? 0));
  }

  /**
   * This node's sockets from memory, the other live nodes' from their counts and the activity their
   * last heartbeat shared (a user counted there with no activity yet just connected: active).
   */
  async activeAmong(userIds: readonly string[], idleMs: number): Promise<Set<string>> {
    if (idleMs <= 0) return this.onlineAmong(userIds);
    const since = Date.now() - idleMs;
    const active = new Set(userIds.filter((id) => this.localActivity(id) >= since));
    const rest = userIds.filter((id) => !active.has(id));
    if (rest.length === 0 || !isRedisReady(this.redis)) return active;
    try {
      const nodes = (await this.redis.zrangebyscore(this.nodesKey, Date.now() - this.ttlMs, '+inf')).filter((n) => n !== this.nodeId);
      if (nodes.length === 0) return active;
      const pipeline = this.redis.pipeline();
      for (const node of nodes) pipeline.hmget(this.nodeKey(node), ...rest).hmget(this.activityKey(node), ...rest);
      const replies = ((await pipeline.exec()) ?? []).map(([, values]) => values as (string | null)[]);
      for (let n = 0; n < replies.length; n += 2) {
        rest.forEach((id, i) => {
          const count = Number(replies[n][i] ?? 0);
          const at = replies[n + 1][i];
          if (count > 0 && (at === null || Number(at) >= since)) active.add(id);
        });
      }
      return active;
    } catch (error) {
      this.logger.warn(`presence read failed, answering from this node: ${error instanceof Error ? error.message : String(error)}`);
      return active;
    }
  }

  /** Socket counts per user summed over the live nodes: one round trip per call. */
  private async countEverywhere(userIds: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (userIds.length === 0) return counts;
    const nodes = await this.redis.zrangebyscore(this.nodesKey, Date.now() - this.ttlMs, '+inf');
    if (!nodes.includes(this.nodeId)) nodes.push(this.nodeId);
    const pipeline = this.redis.pipeline();
    for (const node of nodes) pipeline.hmget(this.nodeKey(node), ...userIds);
    for (const [, values] of (await pipeline.exec()) ?? []) {
      (values as (string | null)[]).forEach((value, i) => {
        if (value) counts.set(userIds[i], (counts.get(userIds[i]) ?? 0) + Number(value));
      });
    }
    return counts;
  }

  /**
   * Heartbeat, rewriting this node's whole hash (so a Redis restart heals, and users who left
   * during an outage do not stay counted), and sweep of dead nodes.
   */
  private async beat(): Promise<void> {
    if (!isRedisReady(this.redis)) {
      this.sweepAfter = Date.now() + this.ttlMs;
      return;
    }
    try {
      const mine = this.nodeKey(this.nodeId);
      const activity = this.activityKey(this.nodeId);
      const multi = this.redis.multi().zadd(this.nodesKey, Date.now(), this.nodeId).del(mine, activity);
      if (this.local.size) {
        multi.hset(mine, Object.fromEntries([...this.local].map(([u, s]) => [u, s.size])));
        multi.hset(activity, Object.fromEntries([...this.local.keys()].map((u) => [u, this.localActivity(u)])));
      }
      await multi.exec();
      if (Date.now() >= this.sweepAfter) await this.sweep();
    } catch (error) {
      this.sweepAfter = Date.now() + this.ttlMs;
      this.logger.warn(`presence heartbeat failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async sweep(): Promise<void> {
    const dead = await this.redis.zrangebyscore(this.nodesKey, '-inf', Date.now() - this.ttlMs);
    for (const node of dead) {
      if ((await this.redis.zrem(this.nodesKey, node)) !== 1) continue; // another node claimed it
      const users = Object.keys(await this.redis.hgetall(this.nodeKey(node)));
      await this.redis.del(this.nodeKey(node), this.activityKey(node));
      if (users.length === 0) continue;
      const stillOnline = await this.onlineAmong(users);
      const gone = users.filter((u) => !stillOnline.has(u));
      this.logger.warn(`node ${node} stopped heartbeating: ${gone.length} user(s) offline`);
      if (gone.length) this.lost(gone);
    }
  }
}
