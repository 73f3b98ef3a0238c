import { Injectable, Logger } from '@nestjs/common';
import type { Namespace } from 'socket.io';
import { AppConfig } from '../../core/config/app-config.service';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/contracts/socket-events';
import { isDatabaseUnavailable } from '../../core/errors/database-unavailable';
import { AccessTokenVerifier } from '../../identity/auth/access-token.verifier';
import { PresenceStore } from '../../identity/presence/presence.store';
import { UsersRepository } from '../../identity/users/store/users.repository';
import { RoomsRepository } from '../rooms/store/rooms.repository';
import { type ChatSocket, refusal, socketAuthMiddleware, unavailableRefusal } from './socket-auth';
import { RoomAccess } from '../rooms/room-access.service';
import { TypingService } from './typing.service';
import { userChannel } from './user-channel';
import { Measurements } from '../../core/metrics/measurements';
import { OrganizationScope } from '../../core/database/organization-scope';

type ChatNamespace = Namespace<ClientToServerEvents, ServerToClientEvents>;

/**
 * A socket's life on this node: the handshake (token, origin, the user's channel and
 * rooms joined before `connect`, the per-user socket limit), the token's expiry,
 * presence online/offline with last_seen_at, and shutdown, which waits for this
 * bookkeeping before the database pool closes. What a socket may do once connected
 * is ClientEvents'.
 */
@Injectable()
export class SocketLifecycle {
  private readonly logger = new Logger('ChatGateway');
  private server?: ChatNamespace;
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();
  /** Connect/disconnect bookkeeping still running; shutdown waits for it before the pool closes. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Per socket, its connect bookkeeping: a quick disconnect must not overtake it (ghost presence). */
  private readonly connecting = new Map<string, Promise<void>>();

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly config: AppConfig,
    private readonly rooms: RoomsRepository,
    private readonly presence: PresenceStore,
    private readonly users: UsersRepository,
    private readonly typing: TypingService,
    private readonly access: RoomAccess,
    private readonly measurements: Measurements,
  ) {}

  /** The handshake middlewares, and presence for the users of a node that died. */
  install(server: ChatNamespace): void {
    this.server = server;
    this.measurements.sources.sockets = () => connectedHere(server);
    server.use(socketAuthMiddleware(this.verifier, this.config.get('CORS_ORIGINS')));
    // Into the user's channel and every room before the handshake completes: from the
    // client's `connect` on, nothing sent to its rooms can pass it by.
    server.use((socket: ChatSocket, next: (err?: Error) => void) => {
      const user = socket.data.user;
      OrganizationScope.runFor(user, () => this.rooms.roomsOfForPresence(user.id, this.config.get('PRESENCE_MAX_ROOM_SIZE'))).then(
        async ({ all: roomIds, presence }) => {
          socket.data.presenceRooms = presence;
          await socket.join([userChannel(user.id), ...roomIds]);
          for (const roomId of roomIds) this.access.rememberMember(roomId, user.id);
          next();
        },
        (error: unknown) => {
          if (isDatabaseUnavailable(error)) return next(unavailableRefusal());
          this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
          next(refusal('server_error', 'A server error occurred.'));
        },
      );
    });
    server.use((socket: ChatSocket, next: (err?: Error) => void) => this.admit(socket, next));
    // Users whose node died: offline for everyone, with last_seen_at stored once.
    // Their users may be of any organization: system scope (each write is to the user's own row).
    this.presence.onLost((userIds) =>
      this.track(
        OrganizationScope.runAsSystem(async () => {
          const at = new Date();
          for (const userId of userIds) {
            await this.users.touchLastSeen(userId, at);
            this.emitPresence(userId, await this.presenceRoomsOf(userId), 'offline', at);
          }
        }),
      ),
    );
  }

  connected(socket: ChatSocket): Promise<void> {
    const work = this.track(
      OrganizationScope.runFor(socket.data.user, () => this.whenConnected(socket)),
      () => socket.disconnect(true),
    );
    this.connecting.set(socket.id, work);
    return work.finally(() => this.connecting.delete(socket.id));
  }

  disconnected(socket: ChatSocket): Promise<void> {
    const connecting = this.connecting.get(socket.id) ?? Promise.resolve();
    return this.track(connecting.then(() => OrganizationScope.runFor(socket.data.user, () => this.whenDisconnected(socket))));
  }

  /**
   * In-flight work first (its acks still go out), then this node's sockets: their
   * disconnect work (last_seen_at, presence) must end here, before the pool closes,
   * not when Nest closes the Socket.IO server after these hooks.
   */
  async shutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    for (const socket of this.server?.sockets.values() ?? []) socket.disconnect(true);
    await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<void>, onError?: () => void): Promise<void> {
    const tracked = work.catch((error: unknown) => {
      this.logger.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
      onError?.();
    });
    this.inFlight.add(tracked);
    return tracked.finally(() => this.inFlight.delete(tracked));
  }

  /**
   * The last handshake step: at most SOCKET_MAX_PER_USER sockets per user on all nodes
   * together (counted in the presence store, which already tracks sockets per user and
   * node and sweeps a dead node's). A refusal is a `connect_error` with `data.code`.
   */
  private admit(socket: ChatSocket, next: (err?: Error) => void): void {
    const user = socket.data.user;
    const max = this.config.get('SOCKET_MAX_PER_USER');
    this.presence.admit(user.id, socket.id, max).then(
      (admitted) => {
        if (!admitted) return next(refusal('too_many_connections', `At most ${max} connections per user; close one first.`));
        // Closed before the connection completed: no disconnect handler will release the place.
        socket.conn.once('close', () => {
          if (!socket.data.live) void this.presence.disconnect(user.id, socket.id).catch(() => undefined);
        });
        next();
      },
      (error: unknown) => {
        // Redis unreachable: the limit is not enforced rather than refusing everyone.
        this.logger.warn(`socket admission not counted: ${error instanceof Error ? error.message : String(error)}`);
        next();
      },
    );
  }

  /** Joined (handshake middleware above); the expiry timer, and for a user's first socket, presence online. */
  private async whenConnected(socket: ChatSocket): Promise<void> {
    const { user, exp } = socket.data;
    if (!user) return;
    const expiresIn = exp * 1000 - Date.now();
    const timer = setTimeout(() => socket.disconnect(true), Math.max(0, expiresIn));
    timer.unref();
    this.expiryTimers.set(socket.id, timer);
    if (await this.presence.connect(user.id, socket.id)) this.emitPresence(user.id, socket.data.presenceRooms ?? [], 'online', null);
  }

  /** Last socket of a user gone: last_seen_at is stored and presence goes offline. */
  private async whenDisconnected(socket: ChatSocket): Promise<void> {
    const user = socket.data.user;
    clearTimeout(this.expiryTimers.get(socket.id));
    this.expiryTimers.delete(socket.id);
    if (!user) return;
    if (await this.presence.disconnect(user.id, socket.id)) {
      this.typing.stopAll(user.id);
      const at = new Date();
      await this.users.touchLastSeen(user.id, at);
      this.emitPresence(user.id, await this.presenceRoomsOf(user.id), 'offline', at);
    }
  }

  /** The user's rooms that get presence events: at most PRESENCE_MAX_ROOM_SIZE members. */
  private async presenceRoomsOf(userId: string): Promise<string[]> {
    return (await this.rooms.roomsOfForPresence(userId, this.config.get('PRESENCE_MAX_ROOM_SIZE'))).presence;
  }

  private emitPresence(userId: string, roomIds: string[], status: 'online' | 'offline', lastSeenAt: Date | null): void {
    if (roomIds.length === 0 || !this.server) return;
    this.server
      .to(roomIds)
      .except(userChannel(userId))
      .emit('presence', { user_id: userId, status, last_seen_at: lastSeenAt ? lastSeenAt.toISOString() : null });
  }
}

/** This node's sockets and the distinct users holding them (read at scrape time). */
function connectedHere(server: ChatNamespace): { sockets: number; users: number } {
  const users = new Set<string>();
  for (const socket of server.sockets.values()) {
    const user = (socket as ChatSocket).data.user as { id: string } | undefined;
    if (user) users.add(user.id);
  }
  return { sockets: server.sockets.size, users: users.size };
}
