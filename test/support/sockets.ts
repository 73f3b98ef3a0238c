import { io, Socket } from 'socket.io-client';

export type ClientSocket = Socket;

/** Connects to /chat; resolves once connected, rejects with the connect_error's `data.code`. */
export function connect(
  baseUrl: string,
  token?: string,
  options: { headers?: Record<string, string>; query?: Record<string, string> } = {},
): Promise<ClientSocket> {
  const socket = io(`${baseUrl}/chat`, {
    transports: ['websocket'],
    auth: token ? { token } : {},
    extraHeaders: options.headers,
    query: options.query,
    reconnection: false,
    forceNew: true,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error & { data?: { code?: string } }) => {
      socket.close();
      reject(Object.assign(new Error(error.message), { code: error.data?.code }));
    });
  });
}

export function ack<T = unknown>(
  socket: ClientSocket,
  event: string,
  payload?: unknown,
): Promise<{ ok: boolean; data?: T; error?: { code: string; detail: string; fields?: Record<string, string[]>; retry_after_ms?: number } }> {
  return socket.timeout(5000).emitWithAck(event, payload);
}

/** Collects every payload of `event` on a socket. */
export function record<T = Record<string, unknown>>(socket: ClientSocket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

/** Waits until `check` passes (events are asynchronous), at most `ms`; answers what it returned. */
export async function eventually<T>(check: () => T | Promise<T>, ms = 3000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
}

export function disconnected(socket: ClientSocket): Promise<string> {
  return new Promise((resolve) => {
    if (socket.disconnected) resolve('already');
    else socket.once('disconnect', (reason) => resolve(reason));
  });
}
