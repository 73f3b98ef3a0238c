import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Server, ServerOptions } from 'socket.io';
import { AppConfig } from '../config/app-config.service';
import type { RedisClient } from '../redis/redis.module';

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
}
