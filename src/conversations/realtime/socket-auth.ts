import type { Socket } from 'socket.io';
import { AccessTokenVerifier } from '../../identity/auth/access-token.verifier';
import { AuthUser } from '../../core/auth/auth-user';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../../core/errors/database-unavailable';
import { DomainError } from '../../core/errors/domain-error';
import type { ClientToServerEvents, ServerToClientEvents } from '../../core/contracts/socket-events';

export interface SocketData {
  user: AuthUser;
  /** Access-token expiry, seconds since the epoch. */
  exp: number;
  /** The socket's rooms that get its user's presence events (small enough: PRESENCE_MAX_ROOM_SIZE). */
  presenceRooms?: string[];
  /** Set once the connection completed (after every handshake middleware). */
  live?: boolean;
}

/** Typed with the shared event maps (src/core/contracts): an emit or ack that drifts from the contract does not compile. */
export type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

/** A refused handshake: the client's `connect_error` carries `data: {code}`. */
export function refusal(code: string, message: string): Error & { data: { code: string } } {
  return Object.assign(new Error(message), { data: { code } });
}

/** `connect_error` with `data: {code: 'service_unavailable', retry_after_ms}`: reconnect after the wait. */
export function unavailableRefusal(): Error & { data: { code: string; retry_after_ms: number } } {
  return Object.assign(new Error('The service is temporarily unavailable. Retry shortly.'), {
    data: { code: 'service_unavailable', retry_after_ms: DATABASE_RETRY_AFTER_SECONDS * 1000 },
  });
}

/**
 * Handshake middleware: Origin allowlist, then the access token from
 * `auth.token` or an `Authorization: Bearer` header (never the query string),
 * verified exactly as HTTP verifies it.
 */
export function socketAuthMiddleware(verifier: AccessTokenVerifier, allowedOrigins: string[]) {
  const anyOrigin = allowedOrigins.includes('*');
  return async (socket: ChatSocket, next: (err?: Error) => void): Promise<void> => {
    const origin = socket.handshake.headers.origin;
    if (origin && !anyOrigin && !allowedOrigins.includes(origin) && !sameOrigin(origin, socket.handshake.headers.host)) {
      return next(refusal('origin_not_allowed', 'Origin not allowed.'));
    }
    const token = tokenOf(socket);
    if (!token) return next(refusal('not_authenticated', 'Authentication credentials were not provided.'));
    try {
      const { user, exp } = await verifier.verify(token);
      socket.data.user = user;
      socket.data.exp = exp;
      next();
    } catch (error) {
      // An unreachable database says nothing about the token: the client must retry, not log out.
      if (isDatabaseUnavailable(error)) return next(unavailableRefusal());
      const code = error instanceof DomainError ? error.code : 'token_not_valid';
      next(refusal(code, 'Given token not valid for any token type'));
    }
  };
}

function tokenOf(socket: ChatSocket): string | undefined {
  const fromAuth = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof fromAuth === 'string' && fromAuth.length > 0) return fromAuth.replace(/^Bearer\s+/i, '');
  const header = socket.handshake.headers.authorization;
  const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/** The page Parley serves itself (the web app at /) is on the API's own origin: always allowed. */
function sameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return host !== undefined && new URL(origin).host === host;
  } catch {
    return false;
  }
}
