import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { Room } from '../rooms/store/entities/room.entity';
import { RoomAccess, someMembership } from '../rooms/room-access.service';
import { Policy } from '../../core/policy/policy';
import { RoomsRepository } from '../rooms/store/rooms.repository';
import { ChatGateway } from './chat.gateway';
import type { ChatSocket } from './socket-auth';
import { StreamAdapterLink } from './stream-adapter-link';
import { OrganizationScope } from '../../core/database/organization-scope';

/** `sync:required`: per room, the last seq PostgreSQL holds; a client behind it syncs that room. */
export interface SyncRequiredEvent {
  rooms: Record<string, number>;
}

type RoomHead = Pick<Room, 'id' | 'lastSeq' | 'visibility' | 'roomType'>;

const ROOM_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Sockets told per turn of the event loop, so telling 20,000 sockets does not stall sends. */
const SOCKETS_PER_TURN = 500;
/** Ids per query (users or rooms). */
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
 * Membership moves made elsewhere meanwhile are applied to this node's sockets
 * first, so the rooms told are the rooms the socket now belongs in.
 * Clients compare with what they hold and `sync` only the rooms they are behind in.
 */
@Injectable()
export class LinkRecovery implements OnModuleInit {
  private readonly logger = new Logger(LinkRecovery.name);

  constructor(
    private readonly link: StreamAdapterLink,
    private readonly gateway: ChatGateway,
    private readonly rooms: RoomsRepository,
    private readonly access: RoomAccess,
  ) {}

  onModuleInit(): void {
    this.link.onRecovered((missedRooms) => void this.recover(missedRooms, 1));
  }

  async recover(missedRooms: string[], attempt: number): Promise<void> {
    const started = Date.now();
    const rooms = missedRooms.filter((room) => ROOM_ID.test(room));
    try {
      // This node's sockets are of any organization: their rooms are read in system scope.
      const told = await OrganizationScope.runAsSystem(() => this.tell(rooms));
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
    const memberOf = await this.inChunks([...new Set(sockets.map((s) => s.data.user.id))], (ids) => this.rooms.roomIdsOfUsers(ids));
    const ids = new Set(missedRooms);
    for (const socket of sockets) for (const room of [...roomsOf(socket), ...(memberOf.get(socket.data.user.id) ?? [])]) ids.add(room);
    const heads = await this.inChunks([...ids], (chunk) => this.rooms.roomHeads(chunk));
    let told = 0;
    for (let i = 0; i < sockets.length; i += 1) {
      const socket = sockets[i];
      if (!socket.connected) continue;
      const rooms: Record<string, number> = {};
      for (const room of this.reconcile(socket, memberOf.get(socket.data.user.id) ?? new Set(), heads)) rooms[room] = heads.get(room)!.lastSeq;
      if (Object.keys(rooms).length > 0) {
        socket.emit('sync:required', { rooms } satisfies SyncRequiredEvent);
        told += 1;
      }
      if ((i + 1) % SOCKETS_PER_TURN === 0) await new Promise((next) => setImmediate(next));
    }
    for (const room of missedRooms) {
      const head = heads.get(room);
      if (head) server.to(room).emit('sync:required', { rooms: { [room]: head.lastSeq } } satisfies SyncRequiredEvent);
    }
    return told;
  }

  /**
   * Membership moves made on other nodes during the outage never reached this one: the
   * socket joins the rooms its user is now a member of and leaves those it may no longer
   * read (removed, room deleted or made private). Answers the socket's rooms afterwards.
   */
  private reconcile(socket: ChatSocket, memberOf: Set<string>, heads: Map<string, RoomHead>): string[] {
    const user = socket.data.user;
    for (const room of memberOf) if (heads.has(room) && !socket.rooms.has(room)) void socket.join(room);
    for (const room of roomsOf(socket)) {
      const head = heads.get(room);
      if (!head || !Policy.can(user, 'room.read', { room: Object.assign(new Room(), head), membership: someMembership(memberOf.has(room)) })) {
        void socket.leave(room);
        this.access.forgetMember(room, user.id);
      }
    }
    return roomsOf(socket);
  }

  private async inChunks<V>(ids: string[], read: (chunk: string[]) => Promise<Map<string, V>>): Promise<Map<string, V>> {
    const all = new Map<string, V>();
    for (let i = 0; i < ids.length; i += ROOMS_PER_QUERY) for (const [id, value] of await read(ids.slice(i, i + ROOMS_PER_QUERY))) all.set(id, value);
    return all;
  }
}

/** A socket's room channels (not its own id, not its user channel). */
function roomsOf(socket: ChatSocket): string[] {
  return [...socket.rooms].filter((room) => ROOM_ID.test(room));
}
