import { INestApplicationContext } from '@nestjs/common';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { AppConfig } from '../config/app-config.service';
import type { RedisClient } from '../redis/redis.module';
import { ackFailure } from './ws-ack.filter';

export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;

/**
 * The Socket.IO transport policy: payload cap, heartbeats and CORS from
 * configuration; with Redis, the Redis streams adapter fans events out to
 * every node (it rides out short Redis outages by resuming from the stream).
 */
export class ChatIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly redis: RedisClient,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const origins = this.config.get('CORS_ORIGINS');
    const server: Server = super.createIOServer(port, {
      ...(options as ServerOptions),
      maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
      pingInterval: this.config.get('SOCKET_PING_INTERVAL') * 1000,
      pingTimeout: this.config.get('SOCKET_PING_TIMEOUT') * 1000,
      cors: { origin: origins.includes('*') ? true : origins },
    });
    if (this.redis) server.adapter(createAdapter(this.redis, { streamName: `${this.config.get('REDIS_KEY_PREFIX')}:socket.io` }));
    return server;
  }

  /**
   * The same contract as IoAdapter's (the handler's result is the ack, or an emit when it
   * names an `event`), with one plain listener per event instead of an rxjs pipeline per
   * event per socket, which held several KB for every idle connection.
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: MessageMappingProperties[],
    transform: (data: unknown) => Observable<unknown>,
  ): void {
    for (const { message, callback, isAckHandledManually } of handlers) {
      socket.on(String(message), (...args: unknown[]) => {
        const { data, ack } = this.mapPayload(args.length === 1 ? args[0] : args);
        const reply = (response: unknown) => {
          if (response === null || response === undefined) return;
          const named = response as { event?: string; data?: unknown };
          if (named.event) socket.emit(named.event, named.data);
          else if (!isAckHandledManually && typeof ack === 'function') (ack as (r: unknown) => void)(response);
        };
        // Whatever escaped the handler's filter still gets an answer (logged as unexpected): no event waits on an ack forever.
        const fail = (error: unknown) => ackFailure(error, isAckHandledManually || typeof ack !== 'function' ? undefined : (ack as (r: unknown) => void));
        try {
          transform(callback(data, ack)).subscribe({ next: reply, error: fail });
        } catch (error) {
          fail(error);
        }
      });
    }
  }
}
