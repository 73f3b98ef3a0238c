import type { NextFunction, Request, Response } from 'express';
import { STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { toErrorBody } from '../errors/error-body';
import { ErrorCode, httpStatusOf } from '../errors/error-codes';

export interface ServerTimeouts {
  /** Seconds to receive a request's headers. */
  headers: number;
  /** Seconds to receive a whole request, body included. */
  request: number;
  /** Seconds an idle keep-alive connection stays open. */
  keepAlive: number;
}

/**
 * Explicit timeouts instead of Node's defaults (60 s headers, 300 s request), so slow
 * clients cannot hold connections open; and errors Node answers itself, before any
 * route exists (oversized headers, broken framing, timeouts), in the contract's shape
 * instead of an empty body.
 */
export function hardenHttpServer(server: Server, timeouts: ServerTimeouts): void {
  server.headersTimeout = timeouts.headers * 1000;
  server.requestTimeout = timeouts.request * 1000;
  server.keepAliveTimeout = timeouts.keepAlive * 1000;
  // Node answers a missing Host with an empty 400 of its own; requireHost (below) answers it in the contract's shape.
  (server as Server & { requireHostHeader: boolean }).requireHostHeader = false;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => answerClientError(error, socket));
}

function answerClientError(error: NodeJS.ErrnoException, socket: Socket): void {
  // A reset connection cannot be answered; a response already begun must not be corrupted. A request
  // whose body breaks the framing (a bad chunk size) has a response object that wrote nothing yet:
  // that one is still answered, as Node's own default handler does.
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const [code, detail] = clientErrorOf(error.code);
  const status = httpStatusOf(code);
  const body = JSON.stringify({ detail, code });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

function clientErrorOf(nodeCode: string | undefined): [ErrorCode, string] {
  switch (nodeCode) {
    case 'HPE_HEADER_OVERFLOW':
      return ['headers_too_large', 'Request header fields too large.'];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
    case 'HPE_HEADER_TIMEOUT':
      return ['request_timeout', 'The request was not received in time.'];
    default:
      return ['parse_error', 'Malformed HTTP request.'];
  }
}

/**
 * HTTP/1.1 requires a Host header (RFC 9112 section 3.2); without one the request is 400 in the
 * contract's shape. HTTP/1.0 clients may leave it out.
 */
export function requireHost(req: Request, res: Response, next: NextFunction): void {
  if (req.headers.host !== undefined || req.httpVersion === '1.0') return next();
  res.setHeader('Connection', 'close');
  res.status(400).json({ detail: 'Malformed HTTP request: the Host header is required.', code: 'parse_error' });
}

/** `100kb` -> 102400 (the BODY_LIMIT syntax, as body-parser reads it). */
export function sizeToBytes(size: string): number {
  const match = /^(\d+)(b|kb|mb)?$/i.exec(size);
  if (!match) throw new Error(`Invalid size "${size}"`);
  const unit = (match[2] ?? 'b').toLowerCase();
  return Number(match[1]) * (unit === 'mb' ? 1024 * 1024 : unit === 'kb' ? 1024 : 1);
}

/**
 * A declared Content-Length over the limit is refused before a byte of the body is
 * read, and the connection closed (the unread body must not be parsed as a request).
 * `exempt` requests (a streamed upload) enforce their own limit.
 */
export function refuseOversizedBody(limitBytes: number, exempt: (req: Request) => boolean = () => false) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (!(declared > limitBytes) || exempt(req)) return next();
    const { status, body } = toErrorBody({ status: 413 });
    res.setHeader('Connection', 'close');
    res.status(status).json(body);
  };
}
