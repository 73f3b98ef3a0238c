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
 * (ZREM) and reports its users that are now offline everywhere. During a Redis
 * outage connects and disconnects count on this node alone (a socket is never
 * refused for presence) and the next heartbeat writes the node's counts again.
 */
@Injectable()
export class RedisPresenceStore extends PresenceStore implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RedisPresenceStore.name);
  private readonly nodeId = randomUUID();
  private readonly local = new Map<string, Set<string>>();
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
      .del(this.nodeKey(this.nodeId))
      .exec()
      .catch(() => undefined);
  }

  async connect(userId: string, socketId: string): Promise<boolean> {
    const sockets = this.local.get(userId) ?? new Set<string>();
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
    this.local.set(userId, sockets);
    await this.redis.hset(this.nodeKey(this.nodeId), userId, sockets.size);
    if (((await this.countEverywhere([userId])).get(userId) ?? 0) <= max) return true;
    await this.disconnect(userId, socketId);
    return false;
  }

  async disconnect(userId: string, socketId: string): Promise<boolean> {
    const sockets = this.local.get(userId);
    if (!sockets?.delete(socketId)) return false;
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
      const multi = this.redis.multi().zadd(this.nodesKey, Date.now(), this.nodeId).del(mine);
      if (this.local.size) multi.hset(mine, Object.fromEntries([...this.local].map(([u, s]) => [u, s.size])));
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
      await this.redis.del(this.nodeKey(node));
      if (users.length === 0) continue;
      const stillOnline = await this.onlineAmong(users);
      const gone = users.filter((u) => !stillOnline.has(u));
      this.logger.warn(`node ${node} stopped heartbeating: ${gone.length} user(s) offline`);
      if (gone.length) this.lost(gone);
    }
  }
}
