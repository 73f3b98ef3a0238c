import { BeforeApplicationShutdown, Logger, UseFilters, UsePipes } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  OnGatewayConnection,
  OnGatewayDisconnect,
  OnGatewayInit,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { AccessTokenVerifier } from '../../identity/auth/access-token.verifier';
import { MemberContext, RoomAccess, RoomContext } from '../rooms/room-access.service';
import type { RoomPermission } from '../../core/policy/permissions';
import { RoomViews } from '../rooms/room-views';
import { RoomsRepository } from '../rooms/store/rooms.repository';
import { UserLimits } from '../../core/throttling/user-limits';
import { AppConfig } from '../../core/config/app-config.service';
import { MessagesService } from '../messages/messages.service';
import { PresenceStore } from '../../identity/presence/presence.store';
import { UsersRepository } from '../../identity/users/store/users.repository';
import { RoomRefDto, SocketDeleteDto, SocketEditDto, SocketReadDto, SyncDto } from './dto/socket.dto';
import type { MessageResponse } from '../messages/dto/message.response';
import { type ChatSocket, refusal, socketAuthMiddleware, unavailableRefusal } from './socket-auth';
import { isDatabaseUnavailable } from '../../core/errors/database-unavailable';
import { TypingService } from './typing.service';
import { ackFailure, WsAckFilter } from './ws-ack.filter';
import { socketValidation, toSendDto, toTypingDto } from './socket-payloads';
import { socketInputGate } from './socket-input';
import type { Ack, ClientEventMap, ClientToServerEvents, ServerToClientEvents } from '../../core/contracts/socket-events';

const ok = <T>(data: T) => ({ ok: true as const, data });
/** What a handler of client event E answers: its ack, as the shared contract types it. */
type Answer<E extends keyof ClientEventMap> = Promise<Ack<ClientEventMap[E]['ack']>>;
export const userChannel = (userId: string) => `user:${userId}`;

/**
 * Namespace /chat. Handlers are thin: they call the same services as REST,
 * which check access per event; failures become `{ok: false, error}` acks.
 */
@WebSocketGateway({ namespace: '/chat' })
@UseFilters(WsAckFilter)
@UsePipes(socketValidation)
export class ChatGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown {
  @WebSocketServer()
  server: Namespace<ClientToServerEvents, ServerToClientEvents>;

  private readonly logger = new Logger(ChatGateway.name);
  private readonly expiryTimers = new Map<string, NodeJS.Timeout>();
  /** Connect/disconnect bookkeeping still running; shutdown waits for it before the pool closes. */
  private readonly inFlight = new Set<Promise<void>>();
  /** Per socket, its connect bookkeeping: a quick disconnect must not overtake it (ghost presence). */
  private readonly connecting = new Map<string, Promise<void>>();

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly config: AppConfig,
    private readonly rooms: RoomsRepository,
    private readonly roomViews: RoomViews,
    private readonly access: RoomAccess,
    private readonly messages: MessagesService,
    private readonly presence: PresenceStore,
    private readonly users: UsersRepository,
    private readonly typing: TypingService,
    private readonly limits: UserLimits,
  ) {}

  afterInit(server: Namespace<ClientToServerEvents, ServerToClientEvents>): void {
    server.use(socketAuthMiddleware(this.verifier, this.config.get('CORS_ORIGINS')));
    // Into the user's channel and every room before the handshake completes: from the
    // client's `connect` on, nothing sent to its rooms can pass it by.
    server.use((socket: ChatSocket, next: (err?: Error) => void) => {
      const user = socket.data.user;
      this.rooms.roomsOfForPresence(user.id, this.config.get('PRESENCE_MAX_ROOM_SIZE')).then(
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
    server.use((socket: ChatSocket, next: (err?: Error) => void) => this.admitSocket(socket, next));
    // Users whose node died: offline for everyone, with last_seen_at stored once.
    this.presence.onLost((userIds) =>
      this.track(
        (async () => {
          const at = new Date();
          for (const userId of userIds) {
            await this.users.touchLastSeen(userId, at);
            this.emitPresence(userId, await this.presenceRoomsOf(userId), 'offline', at);
          }
        })(),
      ),
    );
    this.typing.onEmit((roomId, userId, isTyping) =>
      this.server.to(roomId).except(userChannel(userId)).emit('typing', { room_id: roomId, user_id: userId, is_typing: isTyping }),
    );
  }

  handleConnection(socket: ChatSocket): Promise<void> {
    // The handshake (headers, auth) is read: drop the first HTTP request, as Socket.IO's memory advice has it.
    (socket.conn as unknown as { request: unknown }).request = null;
    socket.data.live = true;
    socket.use(socketInputGate(socket));
    this.listen(socket, 'message:send', (payload) => this.send(socket, payload));
    this.listen(socket, 'typing', (payload) => this.typingEvent(socket, payload));
    const work = this.track(this.connected(socket), () => socket.disconnect(true));
    this.connecting.set(socket.id, work);
    return work.finally(() => this.connecting.delete(socket.id));
  }

  handleDisconnect(socket: ChatSocket): Promise<void> {
    const connecting = this.connecting.get(socket.id) ?? Promise.resolve();
    return this.track(connecting.then(() => this.disconnected(socket)));
  }

  /**
   * In-flight work first (its acks still go out), then this node's sockets: their
   * disconnect work (last_seen_at, presence) must end here, before the pool closes,
   * not when Nest closes the Socket.IO server after these hooks.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    for (const socket of this.server.sockets.values()) socket.disconnect(true);
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
  private admitSocket(socket: ChatSocket, next: (err?: Error) => void): void {
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
  private async connected(socket: ChatSocket): Promise<void> {
    const { user, exp } = socket.data;
    if (!user) return;
    const expiresIn = exp * 1000 - Date.now();
    const timer = setTimeout(() => socket.disconnect(true), Math.max(0, expiresIn));
    timer.unref();
    this.expiryTimers.set(socket.id, timer);
    if (await this.presence.connect(user.id, socket.id)) this.emitPresence(user.id, socket.data.presenceRooms ?? [], 'online', null);
  }

  /** Last socket of a user gone: last_seen_at is stored and presence goes offline. */
  private async disconnected(socket: ChatSocket): Promise<void> {
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

  /** Subscribe to a room's events: members, or anyone may watch a public room. */
  @SubscribeMessage('room:join')
  async roomJoin(@ConnectedSocket() socket: ChatSocket, @MessageBody() dto: RoomRefDto): Answer<'room:join'> {
    const { room, membership } = await this.room(socket, dto.room_id, 'room.read');
    // Back in the channel as a member or as a watcher: typing trusts only what was just read.
    if (membership) this.access.rememberMember(room.id, socket.data.user.id);
    else this.access.forgetMember(room.id, socket.data.user.id);
    await socket.join(room.id);
    return ok(await this.roomViews.one(socket.data.user, room, membership));
  }

  /** Unsubscribe this socket; membership is unchanged. */
  @SubscribeMessage('room:leave')
  async roomLeave(@ConnectedSocket() socket: ChatSocket, @MessageBody() dto: RoomRefDto): Answer<'room:leave'> {
    await socket.leave(dto.room_id);
    return ok(null);
  }

  /**
   * The two chattiest client events, `message:send` and `typing`, are plain Socket.IO
   * listeners (added on connect) rather than Nest handlers: Nest's per-event context,
   * pipe, filter and observable cost about as much CPU as relaying the event. Same
   * validation and errors (socket-payloads.ts), same services, same acks.
   */
  private listen<E extends 'message:send' | 'typing'>(
    socket: ChatSocket,
    event: E,
    handle: (payload: unknown) => Promise<ClientEventMap[E]['ack']>,
  ): void {
    // The payload is validated by `handle`; the ack's type is checked by handle's return type.
    (socket as Socket).on(event as string, (payload: unknown, ack?: unknown) => {
      const reply = typeof ack === 'function' ? (ack as (response: unknown) => void) : undefined;
      handle(payload).then(
        (data) => reply?.(ok(data)),
        (error: unknown) => ackFailure(error, reply),
      );
    });
  }

  async send(socket: ChatSocket, payload: unknown): Promise<MessageResponse> {
    const { room_id: roomId, ...body } = await toSendDto(payload);
    const user = socket.data.user;
    const { message } = await this.messages.send(user, roomId, body);
    this.typing.stop(roomId, user.id);
    return message;
  }

  @SubscribeMessage('message:edit')
  async edit(@ConnectedSocket() socket: ChatSocket, @MessageBody() dto: SocketEditDto): Answer<'message:edit'> {
    return ok(
      await this.messages.edit(socket.data.user, await this.room(socket, dto.room_id, 'room.member'), dto.message_id, { content: dto.content }),
    );
  }

  @SubscribeMessage('message:delete')
  async remove(@ConnectedSocket() socket: ChatSocket, @MessageBody() dto: SocketDeleteDto): Answer<'message:delete'> {
    await this.messages.remove(socket.data.user, await this.room(socket, dto.room_id, 'room.read'), dto.message_id);
    return ok(null);
  }

  async typingEvent(socket: ChatSocket, payload: unknown): Promise<null> {
    const dto = await toTypingDto(payload);
    const user = socket.data.user;
    this.limits.hit('typing', user.id); // synchronous: the hot path pays no await under the limit
    await this.access.requireRecentMember(socket.data.user, dto.room_id, () => socket.rooms.has(dto.room_id));
    if (dto.is_typing) await this.typing.start(dto.room_id, user.id);
    else this.typing.stop(dto.room_id, user.id);
    return null;
  }

  @SubscribeMessage('read')
  async read(@ConnectedSocket() socket: ChatSocket, @MessageBody() dto: SocketReadDto): Answer<'read'> {
    return ok(await this.messages.read(socket.data.user, await this.room(socket, dto.room_id, 'room.member'), { seq: dto.seq }));
  }

  /** Fill the gaps after an outage: per room, the messages after the client's last seq. */
  @SubscribeMessage('sync')
  async sync(@ConnectedSocket() socket: ChatSocket, @MessageBody() dto: SyncDto): Answer<'sync'> {
    await this.limits.consume('sync', socket.data.user.id);
    return ok(await this.messages.sync(socket.data.user, dto.rooms));
  }

  /**
   * The socket events' room guard: the same RoomAccess.require (and so the same policy
   * decision) as the HTTP routes' RoomAccessGuard, called as a plain function (no
   * per-event Nest pipeline). The handler gets the checked room and membership.
   * `message:send` is checked by its write statement instead (see MessagesService.send),
   * `typing` by RoomAccess.requireRecentMember, the policy's short-lived cache.
   */
  private room(socket: ChatSocket, roomId: string, permission: 'room.member'): Promise<MemberContext>;
  private room(socket: ChatSocket, roomId: string, permission: RoomPermission): Promise<RoomContext>;
  private room(socket: ChatSocket, roomId: string, permission: RoomPermission): Promise<RoomContext> {
    return this.access.require(socket.data.user, roomId, permission);
  }

  /** The user's rooms that get presence events: at most PRESENCE_MAX_ROOM_SIZE members. */
  private async presenceRoomsOf(userId: string): Promise<string[]> {
    return (await this.rooms.roomsOfForPresence(userId, this.config.get('PRESENCE_MAX_ROOM_SIZE'))).presence;
  }

  private emitPresence(userId: string, roomIds: string[], status: 'online' | 'offline', lastSeenAt: Date | null): void {
    if (roomIds.length === 0) return;
    this.server
      .to(roomIds)
      .except(userChannel(userId))
      .emit('presence', { user_id: userId, status, last_seen_at: lastSeenAt ? lastSeenAt.toISOString() : null });
  }
}
