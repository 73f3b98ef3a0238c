import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { RoomsRepository } from '../chat-rooms/rooms.repository';
import { ChatGateway } from './chat.gateway';
import { ChatSocket } from './socket-auth';
import { StreamAdapterLink } from './stream-adapter-link';

/** `sync:required`: per room, the last seq PostgreSQL holds; a client behind it syncs that room. */
export interface SyncRequiredEvent {
  rooms: Record<string, number>;
}

const ROOM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Sockets told per turn of the event loop, so telling 20,000 sockets does not stall sends. */
const SOCKETS_PER_TURN = 500;
const ROOMS_PER_QUERY = 5000;
const RETRY_MS = 1000;
const ATTEMPTS = 10;

/**
 * After a Redis outage no socket is left behind without knowing: every socket
 * on this node gets `sync:required` with the last seq of each of its rooms
 * (what reached Redis during the outage may be gone with a restarted Redis, and
 * what other nodes could not publish never got there), and the rooms whose
 * events from this node did not reach Redis are told on every node, through
 * the adapter, once it works again (another node may have recovered first).
 * Clients compare with what they hold and `sync` only the rooms they are behind in.
 */
@Injectable()
export class LinkRecovery implements OnModuleInit {
  private readonly logger = new Logger(LinkRecovery.name);

  constructor(
    private readonly link: StreamAdapterLink,
    private readonly gateway: ChatGateway,
    private readonly rooms: RoomsRepository,
  ) {}

  onModuleInit(): void {
    this.link.onRecovered((missedRooms) => void this.recover(missedRooms, 1));
  }

  async recover(missedRooms: string[], attempt: number): Promise<void> {
    const started = Date.now();
    const rooms = missedRooms.filter((room) => ROOM_ID.test(room));
    try {
      const told = await this.tell(rooms);
      this.logger.log(`sync:required sent to ${told} socket(s) here and to ${rooms.length} room(s) cluster-wide in ${Date.now() - started} ms`);
    } catch (error) {
      // PostgreSQL unreachable as well: try again shortly, the sockets still need telling.
      this.logger.warn(`sync:required after the Redis outage failed (attempt ${attempt}): ${error instanceof Error ? error.message : String(error)}`);
      if (attempt < ATTEMPTS) setTimeout(() => void this.recover(rooms, attempt + 1), RETRY_MS).unref();
      else this.link.remember(rooms);
    }
  }

  private async tell(missedRooms: string[]): Promise<number> {
    const server = this.gateway.server;
    if (!server) return 0;
    const sockets = [...server.sockets.values()] as ChatSocket[];
    const ids = new Set(missedRooms);
    for (const socket of sockets) for (const room of roomsOf(socket)) ids.add(room);
    const seqs = await this.lastSeqs([...ids]);
    let told = 0;
    for (let i = 0; i < sockets.length; i += 1) {
      const rooms: Record<string, number> = {};
      for (const room of roomsOf(sockets[i])) if (seqs.has(room)) rooms[room] = seqs.get(room)!;
      if (Object.keys(rooms).length > 0 && sockets[i].connected) {
        sockets[i].emit('sync:required', { rooms } satisfies SyncRequiredEvent);
        told += 1;
      }
      if ((i + 1) % SOCKETS_PER_TURN === 0) await new Promise((next) => setImmediate(next));
    }
    for (const room of missedRooms) {
      const seq = seqs.get(room);
      if (seq !== undefined) server.to(room).emit('sync:required', { rooms: { [room]: seq } } satisfies SyncRequiredEvent);
    }
    return told;
  }

  private async lastSeqs(roomIds: string[]): Promise<Map<string, number>> {
    const seqs = new Map<string, number>();
    for (let i = 0; i < roomIds.length; i += ROOMS_PER_QUERY) {
      for (const [id, seq] of await this.rooms.lastSeqs(roomIds.slice(i, i + ROOMS_PER_QUERY))) seqs.set(id, seq);
    }
    return seqs;
  }
}

/** A socket's room channels (not its own id, not its user channel). */
function roomsOf(socket: ChatSocket): string[] {
  return [...socket.rooms].filter((room) => ROOM_ID.test(room));
}
