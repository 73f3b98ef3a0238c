import { BeforeApplicationShutdown } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayDisconnect, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Namespace } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/contracts/socket-events';
import { ClientEvents } from './client-events';
import type { ChatSocket } from './socket-auth';
import { socketInputGate } from './socket-input';
import { SocketLifecycle } from './socket-lifecycle';
import { TypingService } from './typing.service';
import { userChannel } from './user-channel';

export { userChannel };

/**
 * Namespace /chat: where Socket.IO meets Parley. A socket's handshake, presence and
 * shutdown are SocketLifecycle's; what it may send is ClientEvents' (one handler per
 * client event, the same services as REST); what it hears is RealtimeFanout's
 * (domain events to channels) and TypingService's.
 */
@WebSocketGateway({ namespace: '/chat' })
export class ChatGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, BeforeApplicationShutdown {
  @WebSocketServer()
  server: Namespace<ClientToServerEvents, ServerToClientEvents>;

  constructor(
    private readonly lifecycle: SocketLifecycle,
    private readonly clientEvents: ClientEvents,
    private readonly typing: TypingService,
  ) {}

  afterInit(server: Namespace<ClientToServerEvents, ServerToClientEvents>): void {
    this.lifecycle.install(server);
    this.typing.onEmit((roomId, userId, isTyping) =>
      this.server.to(roomId).except(userChannel(userId)).emit('typing', { room_id: roomId, user_id: userId, is_typing: isTyping }),
    );
  }

  handleConnection(socket: ChatSocket): Promise<void> {
    // The handshake (headers, auth) is read: drop the first HTTP request, as Socket.IO's memory advice has it.
    (socket.conn as unknown as { request: unknown }).request = null;
    socket.data.live = true;
    socket.use(socketInputGate(socket));
    this.clientEvents.listen(socket);
    return this.lifecycle.connected(socket);
  }

  handleDisconnect(socket: ChatSocket): Promise<void> {
    return this.lifecycle.disconnected(socket);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.lifecycle.shutdown();
  }
}
