import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import type {
  Ack,
  ClientEventMap,
  ClientEventName,
  ClientToServerEvents,
  ServerEventMap,
  ServerEventName,
  ServerToClientEvents,
} from '../../../src/core/contracts/socket-events.js';
import { ParleyError } from './errors.js';
import type { TokenManager } from './tokens.js';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
export type SocketConfig = Partial<ManagerOptions & SocketOptions>;

/** Handshake refusals a renewed token can fix (a suspended user's renewal fails too, and signs out). */
const AUTH_CODES = new Set(['not_authenticated', 'token_not_valid', 'account_suspended']);
const ACK_TIMEOUT_MS = 10_000;

/**
 * The /chat socket: the token is read on every (re)connect, a renewed token
 * reconnects the socket at once (Parley checks tokens at the handshake and
 * drops the socket when its token expires), and client events are typed
 * requests that settle with the ack or fail on timeout or disconnect.
 */
export class Realtime {
  readonly socket: ChatSocket;
  /** True between the disconnect and the connect of a token renewal (not an outage: apps need not show it). */
  renewing = false;

  constructor(
    baseUrl: string,
    private readonly tokens: TokenManager,
    options: SocketConfig = {},
    private readonly onAuthFailure: (error: unknown) => void = () => undefined,
  ) {
    this.socket = io(`${baseUrl}/chat`, {
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5_000,
      auth: (cb) => {
        tokens.accessToken().then(
          (token) => cb({ token }),
          () => cb({}),
        );
      },
      ...options,
    });
    this.socket.on('connect_error', (error: Error & { data?: { code?: string } }) => this.refused(error));
    tokens.on('renewed', () => this.reauthenticate());
    // Parley drops a socket whose token expired (or whose login ended): Socket.IO does not come
    // back by itself after a server-side disconnect, so try again; a dead login fails at the handshake.
    this.socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect' && tokens.current) setTimeout(() => this.socket.connect(), 250);
    });
  }

  connect(): void {
    if (!this.socket.connected) this.socket.connect();
  }

  disconnect(): void {
    this.socket.disconnect();
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  on<E extends ServerEventName>(event: E, listener: (payload: ServerEventMap[E]) => void): void {
    (this.socket as unknown as Socket).on(event as string, listener as (...args: unknown[]) => void);
  }

  /** Sends a client event; resolves with its ack's data, rejects with a ParleyError. */
  request<E extends ClientEventName>(event: E, payload: ClientEventMap[E]['payload'], timeoutMs = ACK_TIMEOUT_MS): Promise<ClientEventMap[E]['ack']> {
    const socket = this.socket as unknown as Socket;
    if (!socket.connected) return Promise.reject(new ParleyError(0, 'disconnected', 'Not connected.'));
    return new Promise((resolve, reject) => {
      const onDisconnect = () => settle(() => reject(new ParleyError(0, 'disconnected', 'Disconnected before the answer.')));
      let done = false;
      const settle = (finish: () => void) => {
        if (done) return;
        done = true;
        socket.off('disconnect', onDisconnect);
        finish();
      };
      socket.once('disconnect', onDisconnect);
      socket.timeout(timeoutMs).emit(event, payload, (error: Error | null, answer: Ack<ClientEventMap[E]['ack']>) =>
        settle(() => {
          if (error) reject(new ParleyError(0, 'timeout', 'No answer in time.'));
          else if (answer.ok) resolve(answer.data);
          else reject(ParleyError.fromAck(answer.error));
        }),
      );
    });
  }

  /** A renewed token: reconnect now with it (the sync after connect fills anything missed). */
  private reauthenticate(): void {
    if (!this.socket.connected) return;
    this.renewing = true;
    this.socket.once('connect', () => (this.renewing = false));
    this.socket.disconnect();
    this.socket.connect();
  }

  /** Refused at the handshake: a token problem gets one renewal, then a new attempt; a server error a delayed one. */
  private refused(error: Error & { data?: { code?: string } }): void {
    const code = error.data?.code;
    if (code === undefined) return; // transport-level: socket.io's manager reconnects by itself
    if (AUTH_CODES.has(code)) {
      this.tokens.refresh().then(
        () => this.socket.connect(),
        (failure: unknown) => this.onAuthFailure(failure),
      );
    } else if (code === 'server_error') {
      setTimeout(() => this.socket.connect(), 1_000);
    }
  }
}
