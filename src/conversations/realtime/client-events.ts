import { Injectable } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { UserLimits } from '../../core/throttling/user-limits';
import { PresenceStore } from '../../identity/presence/presence.store';
import type { ClientEventMap, ClientEventName } from '../../core/contracts/socket-events';
import { MessagesService } from '../messages/messages.service';
import { MemberContext, RoomAccess, RoomContext } from '../rooms/room-access.service';
import type { RoomPermission } from '../../core/policy/permissions';
import { RoomViews } from '../rooms/room-views';
import { RoomRefDto, SocketDeleteDto, SocketEditDto, SyncDto } from './dto/socket.dto';
import type { ChatSocket } from './socket-auth';
import { toDto, toReadDto, toSendDto, toTypingDto } from './socket-payloads';
import { TypingService } from './typing.service';
import { ackFailure } from './socket-ack';
import { Measurements } from '../../core/metrics/measurements';
import { socketEventSpan } from '../../core/tracing/tracing';
import { ReadReplicas } from '../../core/database/read-replicas';

/** Events that write: their sender's next reads wait for a replica that has replayed them (ReadReplicas). */
const WRITES = new Set<ClientEventName>(['message:send', 'message:edit', 'message:delete', 'read']);
import { OrganizationScope } from '../../core/database/organization-scope';

type Handler<E extends ClientEventName> = (socket: ChatSocket, payload: unknown) => Promise<ClientEventMap[E]['ack']>;

/**
 * Every client event, one handler each, dispatched one way: a plain Socket.IO
 * listener that validates the payload (socket-payloads.ts: the DTO through the
 * shared pipe, with an inline fast path for the chattiest events), calls the
 * same service as REST and acks `{ok: true, data}` or `{ok: false, error}`
 * (socket-ack.ts). The table is typed by the contract's ClientEventMap: an
 * event without a handler, or a handler answering the wrong ack, fails to compile.
 * Room checks are RoomAccess's, as on the HTTP routes; `message:send` is checked by
 * its write statement (MessagesService.send), `typing` by RoomAccess.requireRecentMember (the policy's short-lived cache).
 */
@Injectable()
export class ClientEvents {
  constructor(
    private readonly access: RoomAccess,
    private readonly roomViews: RoomViews,
    private readonly messages: MessagesService,
    private readonly typing: TypingService,
    private readonly limits: UserLimits,
    private readonly presence: PresenceStore,
    private readonly measurements: Measurements,
    private readonly replicas: ReadReplicas,
  ) {}

  private readonly handlers: { [E in ClientEventName]: Handler<E> } = {
    /** Subscribe to a room's events: members, or anyone may watch a public room. */
    'room:join': async (socket, payload) => {
      const dto = await toDto(payload, RoomRefDto);
      const { room, membership } = await this.room(socket, dto.room_id, 'room.read');
      // Back in the channel as a member or as a watcher: typing trusts only what was just read.
      if (membership) this.access.rememberMember(room.id, socket.data.user.id);
      else this.access.forgetMember(room.id, socket.data.user.id);
      await socket.join(room.id);
      return this.roomViews.one(socket.data.user, room, membership);
    },
    /** Unsubscribe this socket; membership is unchanged. */
    'room:leave': async (socket, payload) => {
      await socket.leave((await toDto(payload, RoomRefDto)).room_id);
      return null;
    },
    'message:send': async (socket, payload) => {
      const { room_id: roomId, ...body } = await toSendDto(payload);
      const user = socket.data.user;
      const { message } = await this.messages.send(user, roomId, body);
      this.typing.stop(roomId, user.id);
      return message;
    },
    'message:edit': async (socket, payload) => {
      const dto = await toDto(payload, SocketEditDto);
      return this.messages.edit(socket.data.user, await this.room(socket, dto.room_id, 'room.member'), dto.message_id, { content: dto.content });
    },
    'message:delete': async (socket, payload) => {
      const dto = await toDto(payload, SocketDeleteDto);
      await this.messages.remove(socket.data.user, await this.room(socket, dto.room_id, 'room.read'), dto.message_id);
      return null;
    },
    typing: async (socket, payload) => {
      const dto = await toTypingDto(payload);
      const user = socket.data.user;
      this.limits.hit('typing', user.id); // synchronous: the hot path pays no await under the limit
      await this.access.requireRecentMember(user, dto.room_id, () => socket.rooms.has(dto.room_id));
      if (dto.is_typing) await this.typing.start(dto.room_id, user.id);
      else this.typing.stop(dto.room_id, user.id);
      return null;
    },
    read: async (socket, payload) => {
      const dto = await toReadDto(payload);
      return this.messages.read(socket.data.user, await this.room(socket, dto.room_id, 'room.member'), { seq: dto.seq });
    },
    /** Fill the gaps after an outage: per room, the messages after the client's last seq. */
    sync: async (socket, payload) => {
      const dto = await toDto(payload, SyncDto);
      await this.limits.consume('sync', socket.data.user.id);
      return this.messages.sync(socket.data.user, dto.rooms);
    },
  };

  /** Every client event's listener on a new socket (the input gate, socket-input.ts, runs before each). */
  listen(socket: ChatSocket): void {
    for (const [event, handle] of Object.entries(this.handlers) as [ClientEventName, Handler<ClientEventName>][]) {
      (socket as Socket).on(event, (payload: unknown, ack?: unknown) => {
        this.presence.touch(socket.data.user.id, socket.id); // not idle (notifications treat idle sockets as away)
        const reply = typeof ack === 'function' ? (ack as (response: unknown) => void) : undefined;
        // Timed (metrics) and traced only when on: the off path is the plain dispatch.
        const started = this.measurements.enabled ? Measurements.now() : 0;
        const span = socketEventSpan(event, socket);
        const settled = (outcome: string) => {
          if (started) this.measurements.record.socketEvent(event, outcome, Measurements.now() - started);
          span?.end(outcome);
        };
        const marksWrite = this.replicas.enabled && WRITES.has(event);
        // Every statement of the event runs in the socket's organization (row-level security, docs/organizations.md).
        const run = () => OrganizationScope.runFor(socket.data.user, () => handle(socket, payload));
        (span ? span.run(run) : run()).then(
          (data) => {
            if (marksWrite) this.replicas.wrote(socket.data.user.id);
            reply?.({ ok: true, data });
            settled('ok');
          },
          (error: unknown) => {
            if (marksWrite) this.replicas.wrote(socket.data.user.id); // it may have committed before failing
            settled(ackFailure(error, reply));
          },
        );
      });
    }
  }

  /** The socket events' room guard: the same RoomAccess decision as the HTTP routes' RoomAccessGuard. */
  private room(socket: ChatSocket, roomId: string, permission: 'room.member'): Promise<MemberContext>;
  private room(socket: ChatSocket, roomId: string, permission: RoomPermission): Promise<RoomContext>;
  private room(socket: ChatSocket, roomId: string, permission: RoomPermission): Promise<RoomContext> {
    return this.access.require(socket.data.user, roomId, permission);
  }
}
