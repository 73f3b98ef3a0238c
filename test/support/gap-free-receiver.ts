import { Http, API } from './test-app';
import { ack, ClientSocket } from './sockets';

type Synced = { rooms: Record<string, { messages: { seq: number }[]; has_more: boolean } | { error: { code: string } }> };

/**
 * A client doing exactly what docs/faults.md tells clients to do, and nothing
 * more: keep the seqs held per room (dedupe by seq), and on `sync:required`
 * sync every room where the highest seq held without a gap is below the seq
 * given, paging on with `GET .../messages?after=` while `has_more`.
 */
export class GapFreeReceiver {
  readonly held = new Map<string, Set<number>>();
  /** A seq delivered twice by `message:new` (the server's live stream must never do that). */
  liveDuplicates = 0;
  /** Seqs that came live after a sync had already filled them in (expected overlap: deduped). */
  overlap = 0;
  private readonly live = new Map<string, Set<number>>();
  syncRequired = 0;
  syncs = 0;
  private readonly filling = new Map<string, Promise<void>>();

  constructor(
    readonly socket: ClientSocket,
    private readonly http: Http,
    private readonly auth: Record<string, string>,
    rooms: string[],
  ) {
    for (const room of rooms) {
      this.held.set(room, new Set());
      this.live.set(room, new Set());
    }
    socket.on('message:new', (message: { room_id: string; seq: number }) => {
      const seqs = this.held.get(message.room_id);
      const live = this.live.get(message.room_id);
      if (!seqs || !live) return;
      if (live.has(message.seq)) this.liveDuplicates += 1;
      else if (seqs.has(message.seq)) this.overlap += 1;
      live.add(message.seq);
      seqs.add(message.seq);
    });
    socket.on('sync:required', ({ rooms }: { rooms: Record<string, number> }) => {
      this.syncRequired += 1;
      for (const [room, seq] of Object.entries(rooms)) if (this.held.has(room) && this.contiguous(room) < seq) void this.fill(room);
    });
  }

  /** The highest seq up to which this client holds every message of the room. */
  contiguous(room: string): number {
    const seqs = this.held.get(room)!;
    let seq = 0;
    while (seqs.has(seq + 1)) seq += 1;
    return seq;
  }

  /** What a client does on connect and on sync:required: fill the room from its last gap-free seq. */
  fill(room: string): Promise<void> {
    const running = this.filling.get(room) ?? Promise.resolve();
    const next = running.then(() => this.fillOnce(room));
    this.filling.set(room, next);
    return next;
  }

  private async fillOnce(room: string): Promise<void> {
    this.syncs += 1;
    const seqs = this.held.get(room)!;
    for (let attempt = 0; attempt < 20; attempt += 1) {
      const reply = await ack<Synced>(this.socket, 'sync', { rooms: { [room]: this.contiguous(room) } }).catch(() => null);
      const result = reply?.ok ? reply.data!.rooms[room] : undefined;
      if (!result || 'error' in result) {
        await new Promise((r) => setTimeout(r, reply?.error?.retry_after_ms ?? 250)); // retry as the ack says
        continue;
      }
      for (const message of result.messages) seqs.add(message.seq);
      let more = result.has_more;
      for (let page = 0; more && page < 1000; page += 1) {
        const res = await this.http.get(`${API}/rooms/${room}/messages?after=${this.contiguous(room)}&limit=100`).set(this.auth);
        if (res.status !== 200) break;
        const body = res.body as { results?: { seq: number }[]; has_more?: boolean; next?: string | null };
        const messages = body.results ?? [];
        for (const message of messages) seqs.add(message.seq);
        more = messages.length === 100;
      }
      return;
    }
  }
}
