import { INestApplicationContext } from '@nestjs/common';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Observable } from 'rxjs';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions, Socket } from 'socket.io';
import { AppConfig } from '../../core/config/app-config.service';
import type { StreamAdapterLink } from './stream-adapter-link';
import { ackFailure } from './socket-ack';

export const MAX_SOCKET_PAYLOAD_BYTES = 64 * 1024;

type AllowRequest = NonNullable<ServerOptions['allowRequest']>;

/**
 * A long-polling handshake from an origin outside CORS_ORIGINS gets 403
 * `{"code": 4, "message": "origin_not_allowed"}` with CORS headers, which the
 * page can read (without them it only ever saw `xhr poll error`). WebSocket
 * handshakes pass on to the /chat middleware, whose refusal reaches the client
 * as `connect_error` with `data.code` (an HTTP refusal of the upgrade could not
 * be read by the page).
 */
export function refuseForeignPolling(origins: string[]): AllowRequest {
  const anyOrigin = origins.includes('*');
  return (req, callback) => {
    const origin = req.headers.origin;
    const polling = new URL(req.url ?? '/', 'http://localhost').searchParams.get('transport') === 'polling';
    if (polling && origin && !anyOrigin && !origins.includes(origin)) return callback('origin_not_allowed', false);
    callback(null, true);
  };
}

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Clients are served on /chat only. The main namespace `/` always exists in Socket.IO and
 * would hold unauthenticated connections open, uncounted by SOCKET_MAX_PER_USER: it refuses
 * every connection (`connect_error` with `data.code: "namespace_not_allowed"`), and the
 * transport under it is closed unless it also carries /chat.
 */
export function refuseMainNamespace(server: Server): void {
  server.of('/').use((socket, next) => {
    next(Object.assign(new Error('namespace_not_allowed'), { data: { code: 'namespace_not_allowed', detail: 'Connect to the /chat namespace.' } }));
    // After Socket.IO has queued the CONNECT_ERROR (next() answers on the next tick); engine.io flushes it before closing.
    setImmediate(() => {
      const joined = (socket.client as unknown as { nsps: Map<string, unknown> }).nsps;
      if (joined.size === 0) socket.conn.close();
    });
  });
}

/**
 * The Socket.IO transport policy: payload cap, heartbeats and CORS from
 * configuration; with Redis, the Redis streams adapter fans events out to
 * every node, through a link that is watched for outages (StreamAdapterLink).
 */
export class ChatIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly config: AppConfig,
    private readonly link: StreamAdapterLink,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: Partial<ServerOptions>): Server {
    const server: Server = super.createIOServer(port, {
      ...(options as ServerOptions),
      maxHttpBufferSize: MAX_SOCKET_PAYLOAD_BYTES,
      pingInterval: this.config.get('SOCKET_PING_INTERVAL') * 1000,
      pingTimeout: this.config.get('SOCKET_PING_TIMEOUT') * 1000,
      // CORS headers for every origin so that a browser can read the refusal below; which origins
      // may connect is decided by allowRequest (polling) and the /chat handshake (both transports).
      cors: { origin: true },
      allowRequest: refuseForeignPolling(this.config.get('CORS_ORIGINS')),
      // A transport that joins no namespace (an unknown one is refused with "Invalid namespace") is closed after this.
      connectTimeout: CONNECT_TIMEOUT_MS,
    });
    refuseMainNamespace(server);
    if (this.link.enabled) server.adapter(this.link.adapter(`${this.config.get('REDIS_KEY_PREFIX')}:socket.io`));
    return server;
  }

  /**
   * The same contract as IoAdapter's (the handler's result is the ack, or an emit when it
   * names an `event`), with one plain listener per event instead of an rxjs pipeline per
   * event per socket, which held several KB for every idle connection.
   */
  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: (data: unknown) => Observable<unknown>): void {
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
        const fail = (error: unknown) =>
          ackFailure(error, isAckHandledManually || typeof ack !== 'function' ? undefined : (ack as (r: unknown) => void));
        try {
          transform(callback(data, ack)).subscribe({ next: reply, error: fail });
        } catch (error) {
          fail(error);
        }
      });
    }
  }
}
