import { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import { AppConfig } from '../config/app-config.service';

export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;

/** The Socket.IO transport policy: payload cap, heartbeats and CORS from configuration. */
export class ChatIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const origins = this.config.get('CORS_ORIGINS');
    return super.createIOServer(port, {
      ...(options as ServerOptions),
      maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
      pingInterval: this.config.get('SOCKET_PING_INTERVAL') * 1000,
      pingTimeout: this.config.get('SOCKET_PING_TIMEOUT') * 1000,
      cors: { origin: origins.includes('*') ? true : origins },
    });
  }
}
