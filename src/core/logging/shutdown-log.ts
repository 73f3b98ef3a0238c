import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';

/** Says when shutdown starts and ends; each part logs its own step in between (database, Redis). */
@Injectable()
export class ShutdownLog implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Parley');

  beforeApplicationShutdown(signal?: string): void {
    this.logger.log(`Shutting down${signal ? ` on ${signal}` : ''}: finishing in-flight messages and socket events`);
  }

  /** Nest closes the HTTP server (and with it the Socket.IO server) before these hooks. */
  onApplicationShutdown(): void {
    this.logger.log('HTTP server and sockets closed');
  }
}
