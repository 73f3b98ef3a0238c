import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import { setTimeout as sleep } from 'node:timers/promises';
import { InjectRedis, isRedisReady, type RedisClient } from '../../core/redis/redis.module';
import { Measurements } from '../../core/metrics/measurements';

/** How long a failed stream read waits before the adapter's reader may try again. */
const FAILED_READ_PAUSE_MS = 250;

/** Longest a publish may hold up local delivery (the adapter delivers locally after its XADD settles). */
const PUBLISH_TIMEOUT_MS = 250;

/** What the adapter hands its `doPublish`: broadcasts carry the target rooms in `data.opts.rooms`. */
interface ClusterMessage {
  data?: { opts?: { rooms?: unknown[] } };
}

type AdapterFactory = ReturnType<typeof createAdapter>;
/** The parts of the adapter (socket.io-adapter's ClusterAdapter) that the link wraps. */
interface WatchedAdapter {
  uid: string;
  doPublish: (message: ClusterMessage) => Promise<string>;
  onMessage: (message: { uid?: string }, offset?: string) => unknown;
}
type Recovered = (missedRooms: string[]) => void;

/**
 * The Redis streams adapter's link, watched. Why the adapter alone does not
 * replay an outage (read from its source): its XREAD loop keeps its offset and
 * does resume, but only from entries that are in the stream. A node's XADD
 * during the outage fails (the adapter logs it at debug level and drops it),
 * and a Redis restarted without persistence comes back with an empty stream,
 * so what other nodes sent meanwhile is nowhere to replay. Hence:
 *
 * - publishing fails fast while the link is down (no offline queue), so local
 *   delivery, which the adapter runs after its XADD settles, is not held up;
 * - the rooms whose broadcasts did not reach Redis are remembered;
 * - once the link is ready again, listeners (LinkRecovery) learn it, with
 *   those rooms, and tell the sockets concerned to `sync`.
 */
@Injectable()
export class StreamAdapterLink implements OnApplicationShutdown {
  private readonly logger = new Logger('StreamAdapterLink');
  /** The adapter's own connection: no command timeout, as its readers block in XREAD for seconds. */
  private readonly client: Redis | null;
  private readonly missedRooms = new Set<string>();
  private readonly listeners: Recovered[] = [];
  private lost = false;
  private closing = false;

  constructor(
    @InjectRedis() redis: RedisClient,
    private readonly measurements: Measurements,
  ) {
    this.client = redis ? settlesEveryCommand(redis.duplicate({ commandTimeout: undefined })) : null;
    if (this.client) measurements.sources.redisLinks.set('adapter', () => !this.lost && isRedisReady(this.client!));
    this.client?.on('error', () => undefined); // the shared client already logs Redis errors
    this.client?.on('close', () => {
      if (!this.lost && !this.closing) this.logger.warn('Redis link lost: cross-node events are not delivered until it returns');
      this.lost = true;
    });
    this.client?.on('ready', () => this.onReady());
  }

  get enabled(): boolean {
    return this.client !== null;
  }

  onRecovered(listener: Recovered): void {
    this.listeners.push(listener);
  }

  /** The rooms given back to be told again (a recovery that could not finish). */
  remember(rooms: Iterable<string>): void {
    for (const room of rooms) this.missedRooms.add(room);
  }

  /** The Socket.IO adapter factory, publishing through the watched connection. */
  adapter(streamName: string): AdapterFactory {
    const client = this.client!;
    // The pub/sub channel (how the adapter counts nodes and reaches them for fetchSockets) is named
    // after the stream too: by default every deployment on one Redis would share `socket.io#/chat#`.
    const factory = createAdapter(client, { streamName, channelPrefix: streamName });
    const missed = (message: ClusterMessage, error: unknown) => this.missed(message, error);
    const measurements = this.measurements;
    // Socket.IO calls the factory with `new`: a plain function whose returned object wins.
    return function watchedAdapter(nsp: Parameters<AdapterFactory>[0]) {
      const adapter = factory(nsp) as unknown as WatchedAdapter;
      const publish = adapter.doPublish.bind(adapter);
      const receive = adapter.onMessage.bind(adapter);
      // Adapter lag: a stream entry's id starts with the Redis server's clock (ms) at its XADD; what
      // arrives from another node (broadcasts, and heartbeats every few seconds when idle) is timed
      // against it. Across machines the reading includes the clock offset to the Redis host.
      adapter.onMessage = (message, offset) => {
        if (measurements.enabled && offset && message.uid !== adapter.uid) {
          measurements.record.adapterLag(Math.max(0, Date.now() - Number.parseInt(offset, 10)) / 1000);
        }
        return receive(message, offset);
      };
      adapter.doPublish = (message) => {
        if (!isRedisReady(client)) return Promise.reject(missed(message, new Error('Redis link is down')));
        return withTimeout(publish(message), PUBLISH_TIMEOUT_MS).catch((error: unknown) => Promise.reject(missed(message, error)));
      };
      return adapter;
    } as unknown as AdapterFactory;
  }

  async onApplicationShutdown(): Promise<void> {
    this.closing = true;
    this.listeners.length = 0;
    await this.client?.quit().catch(() => this.client?.disconnect());
  }

  private missed(message: ClusterMessage, error: unknown): unknown {
    for (const room of message.data?.opts?.rooms ?? []) if (typeof room === 'string') this.missedRooms.add(room);
    return error;
  }

  private onReady(): void {
    if (!this.lost) return;
    this.lost = false;
    const rooms = [...this.missedRooms];
    this.missedRooms.clear();
    this.logger.log(`Redis link back: ${rooms.length} room(s) had events that did not reach other nodes`);
    for (const listener of this.listeners) listener(rooms);
  }
}

/**
 * The adapter sends some commands and never looks at the answer: SUBSCRIBE on its
 * pub/sub connection (made with `duplicate`), and PUBLISH for fetchSockets and
 * server-side emits. When the connection closes with one of them unanswered (the
 * app shut down just after starting, or during a Redis outage) ioredis rejects it
 * with "Connection is closed." and nobody catches that: an unhandled rejection,
 * which can end a Node process. Those promises get a handler here; callers that do
 * await them still see the rejection.
 */
function settlesEveryCommand(client: Redis): Redis {
  const commands = client as unknown as Record<string, (...args: unknown[]) => unknown>;
  // The adapter's stream readers poll again at once after a failed XREAD (startPolling in its
  // source). While the link is down each XREAD fails at once, so that loop ran on promises alone
  // and never let the event loop turn: the node froze, no timer, socket or reconnect ran again
  // (found paused in the debugger after a Sentinel failover). A failed read answers after a pause.
  const xread = commands.xread.bind(client);
  commands.xread = (...args: unknown[]) =>
    (xread(...args) as Promise<unknown>).catch((error: unknown) => sleep(FAILED_READ_PAUSE_MS).then(() => Promise.reject(error)));
  for (const name of ['publish', 'spublish', 'subscribe', 'ssubscribe'] as const) {
    const send = commands[name].bind(client);
    commands[name] = (...args: unknown[]) => {
      const reply = send(...args) as Promise<unknown>;
      reply.catch(() => undefined);
      return reply;
    };
  }
  const duplicate = client.duplicate.bind(client);
  client.duplicate = (...args: Parameters<Redis['duplicate']>) => settlesEveryCommand(duplicate(...args));
  return client;
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis publish took over ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
