import { RoomFeed } from './feed.js';
import type { Realtime } from './realtime.js';
import { type RestClient, unwrap } from './rest.js';
import type { Message, MessagePage } from './types.js';

/** Parley's `sync` takes up to 200 rooms per call. */
const SYNC_CHUNK = 200;
const PAGE_LIMIT = 100;
/** Bound on pages fetched per room in one catch-up (100 messages each). */
const MAX_PAGES = 10_000;

/**
 * Keeps every room's feed whole: after each (re)connect it sends `sync` with
 * the last seq per room, then pages `GET .../messages?after=` while there is
 * more; a live message that arrives past a gap triggers the same paging.
 * Messages reach `deliver` exactly once per room, in seq order.
 */
export class MessageSync {
  private readonly feeds = new Map<string, RoomFeed>();
  private readonly filling = new Map<string, Promise<void>>();
  private catchingUp: Promise<void> | null = null;

  constructor(
    private readonly realtime: Realtime,
    private readonly rest: RestClient,
    private readonly deliver: (message: Message) => void,
    private readonly onRoomLost: (roomId: string, code: string) => void,
  ) {}

  /** Starts (or moves) a room's feed: messages after `seq` will be delivered. */
  track(roomId: string, seq: number): void {
    const feed = this.feeds.get(roomId);
    if (feed) feed.skipTo(seq);
    else this.feeds.set(roomId, new RoomFeed(roomId, seq, this.deliver));
  }

  untrack(roomId: string): void {
    this.feeds.delete(roomId);
  }

  head(roomId: string): number | undefined {
    return this.feeds.get(roomId)?.head;
  }

  /** Any message from anywhere (live event, send ack): delivered in order, once. */
  offer(message: Message): void {
    let feed = this.feeds.get(message.room_id);
    // A room we did not know (just added to it): its feed starts with this message.
    if (!feed) this.feeds.set(message.room_id, (feed = new RoomFeed(message.room_id, message.seq - 1, this.deliver)));
    feed.offer(message);
    if (feed.hasGap && !this.catchingUp) this.fill(feed.roomId).catch(() => undefined); // the next catch-up retries
  }

  /**
   * Pages one tracked room after its head now: for changes that write messages
   * Parley does not send live (the system messages of joins, leaves, renames).
   */
  catchUpRoom(roomId: string): Promise<void> {
    return this.feeds.has(roomId) ? this.fill(roomId) : Promise.resolve();
  }

  /** After a (re)connect: everything after each room's head. Concurrent calls share one run. */
  catchUp(): Promise<void> {
    this.catchingUp ??= this.runCatchUp().finally(() => (this.catchingUp = null));
    return this.catchingUp;
  }

  private async runCatchUp(): Promise<void> {
    const roomIds = [...this.feeds.keys()];
    for (let i = 0; i < roomIds.length; i += SYNC_CHUNK) {
      const chunk = roomIds.slice(i, i + SYNC_CHUNK).filter((id) => this.feeds.has(id));
      const rooms = Object.fromEntries(chunk.map((id) => [id, this.feeds.get(id)!.head]));
      const answer = await this.realtime.request('sync', { rooms });
      const more: string[] = [];
      for (const [roomId, result] of Object.entries(answer.rooms)) {
        if ('error' in result) {
          this.untrack(roomId);
          this.onRoomLost(roomId, result.error.code);
          continue;
        }
        this.offerAfter(roomId, result.messages);
        if (result.has_more || this.feeds.get(roomId)?.hasGap) more.push(roomId);
      }
      for (const roomId of more) await this.fill(roomId);
    }
    // Live messages that raced the sync and still wait behind a gap.
    for (const feed of this.feeds.values()) if (feed.hasGap) await this.fill(feed.roomId);
  }

  /**
   * Messages the server answered for `after=head`: they are the head's immediate
   * successors, so seqs missing before the first were removed (retention) and are skipped.
   */
  private offerAfter(roomId: string, messages: Message[]): void {
    const feed = this.feeds.get(roomId);
    if (!feed || messages.length === 0) return;
    if (messages[0].seq > feed.head + 1) feed.skipTo(messages[0].seq - 1);
    for (const message of messages) feed.offer(message);
  }

  /** Pages `after=` the feed's head until the server has nothing newer. One run per room at a time. */
  private fill(roomId: string): Promise<void> {
    let run = this.filling.get(roomId);
    if (!run) {
      run = this.pageAfter(roomId).finally(() => this.filling.delete(roomId));
      this.filling.set(roomId, run);
    }
    return run;
  }

  private async pageAfter(roomId: string): Promise<void> {
    for (let pages = 0; pages < MAX_PAGES; pages += 1) {
      const feed = this.feeds.get(roomId);
      if (!feed) return;
      const page = await unwrap<MessagePage<Message>>(
        this.rest.GET('/api/v1/rooms/{id}/messages', { params: { path: { id: roomId }, query: { after: feed.head, limit: PAGE_LIMIT } } }),
      );
      this.offerAfter(roomId, page.results);
      if (!page.previous || page.results.length === 0) return;
    }
  }
}
