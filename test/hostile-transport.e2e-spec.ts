import type { Server } from 'node:http';
import { io } from 'socket.io-client';
import { createRoom } from './support/chat';
import { registerUser, TestUser } from './support/factories';
import { rawHttp } from './support/raw-http';
import { ack, ClientSocket, connect } from './support/sockets';
import { API, startTestApp, TestApp } from './support/test-app';

/** Bad input below the routes: the HTTP server's own errors and timeouts, socket packets no handler would take. */
describe('Hostile transport input (e2e)', () => {
  let t: TestApp;
  let roomId: string;
  let socket: ClientSocket;
  let alice: TestUser;

  beforeAll(async () => {
    t = await startTestApp({ HTTP_HEADERS_TIMEOUT: '7s', HTTP_REQUEST_TIMEOUT: '9s', HTTP_KEEP_ALIVE_TIMEOUT: '4s' });
    alice = await registerUser(t.http);
    roomId = (await createRoom(t.http, alice, { name: 'transport' })).id;
    socket = await connect(t.baseUrl, alice.access);
  });
  afterAll(async () => {
    socket?.close();
    await t.close();
  });

  describe('Socket.IO namespaces', () => {
    const attempt = (namespace: string, auth: Record<string, string>) => {
      const client = io(`${t.baseUrl}${namespace}`, { transports: ['websocket'], auth, reconnection: false, forceNew: true });
      const transportClosed = new Promise<string>((resolve) => client.io.on('close', (reason) => resolve(reason)));
      const refused = new Promise<Error & { data?: { code?: string } }>((resolve, reject) => {
        client.once('connect_error', resolve);
        client.once('connect', () => reject(new Error(`connected to ${namespace}`)));
      });
      return { client, transportClosed, refused };
    };

    it.each([
      ['without a token', false],
      ['with a valid token', true],
    ])('refuses the main namespace %s and closes the transport under it', async (_case, withToken) => {
      const { client, transportClosed, refused } = attempt('/', withToken ? { token: alice.access } : {});
      try {
        await expect(refused).resolves.toMatchObject({ message: 'namespace_not_allowed', data: { code: 'namespace_not_allowed' } });
        await expect(transportClosed).resolves.toMatch(/^(forced|transport) close$/); // the server closed it, not the client
      } finally {
        client.close();
      }
    });

    it('refuses an unknown namespace', async () => {
      const { client, refused } = attempt('/admin', { token: alice.access });
      try {
        await expect(refused).resolves.toMatchObject({ message: 'Invalid namespace' });
      } finally {
        client.close();
      }
    });
  });

  describe('the HTTP server itself', () => {
    const host = () => new URL(t.baseUrl).host;

    it('answers headers too large with 431 in the contract shape', async () => {
      const res = await rawHttp(t.baseUrl, `GET ${API}/users/me HTTP/1.1\r\nHost: ${host()}\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expect(res.status).toBe(431);
      expect(res.json).toEqual({ code: 'headers_too_large', detail: 'Request header fields too large.' });
    });

    it('answers Content-Length together with chunked encoding with 400 in the contract shape', async () => {
      const res = await rawHttp(
        t.baseUrl,
        `POST ${API}/auth/login HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n`,
      );
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ code: 'parse_error', detail: 'Malformed HTTP request.' });
    });

    it('answers an HTTP/1.1 request without a Host header with 400 in the contract shape', async () => {
      const res = await rawHttp(t.baseUrl, `GET ${API}/users/me HTTP/1.1\r\n\r\n`);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ code: 'parse_error', detail: 'Malformed HTTP request: the Host header is required.' });
    });

    it.each([
      ['a chunk size that is not hexadecimal', 'zz\r\n{}\r\n0\r\n\r\n'],
      ['a chunk longer than its declared size', '2\r\n{"a":1}\r\n0\r\n\r\n'],
    ])('answers %s with 400 in the contract shape instead of closing silently', async (_case, chunks) => {
      const res = await rawHttp(
        t.baseUrl,
        `POST ${API}/auth/login HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}`,
      );
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ code: 'parse_error', detail: 'Malformed HTTP request.' });
      expect(res.closed).toBe(true);
    });

    it('refuses an over-limit Content-Length at once, without waiting for the body', async () => {
      const started = Date.now();
      const res = await rawHttp(
        t.baseUrl,
        `POST ${API}/auth/login HTTP/1.1\r\nHost: ${host()}\r\nContent-Type: application/json\r\nContent-Length: 50000000\r\n\r\n{`,
        2000,
      );
      expect(res.status).toBe(413);
      expect(res.json).toEqual({ code: 'payload_too_large', detail: 'Request body is larger than the configured limit.' });
      expect(res.closed).toBe(true);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('sets explicit server timeouts from configuration', () => {
      const server = t.app.getHttpServer() as Server;
      expect(server.headersTimeout).toBe(7000);
      expect(server.requestTimeout).toBe(9000);
      expect(server.keepAliveTimeout).toBe(4000);
    });
  });

  describe('socket events always answer', () => {
    it('answers an event sent with no payload with validation_error', async () => {
      for (const event of ['message:send', 'typing', 'room:join', 'message:edit', 'read', 'sync']) {
        const reply = await socket.timeout(3000).emitWithAck(event);
        expect(reply).toEqual({
          ok: false,
          error: { code: 'validation_error', detail: 'Invalid payload.', fields: { non_field_errors: ['Expected one payload, got 0.'] } },
        });
      }
    });

    it('answers an event sent with extra arguments with validation_error', async () => {
      for (const event of ['message:send', 'typing', 'room:join']) {
        const reply = await socket.timeout(3000).emitWithAck(event, { room_id: roomId, content: 'x', is_typing: true }, 'extra');
        expect(reply.error).toEqual({
          code: 'validation_error',
          detail: 'Invalid payload.',
          fields: { non_field_errors: ['Expected one payload, got 2.'] },
        });
      }
    });

    it('answers an unknown event, or a reserved one, with unknown_event', async () => {
      for (const event of ['no:such:event', 'error', 'room:unknown']) {
        const reply = await socket.timeout(3000).emitWithAck(event, { room_id: roomId });
        expect(reply).toEqual({ ok: false, error: { code: 'unknown_event', detail: `Unknown event "${event}".` } });
      }
      expect(socket.connected).toBe(true);
    });

    it('answers payloads that are not objects with validation_error', async () => {
      for (const payload of [null, 5, 'text', [1, 2], true]) {
        for (const event of ['message:send', 'typing', 'room:join']) {
          const reply = await ack(socket, event, payload);
          expect(reply.ok).toBe(false);
          expect(reply.error?.code).toBe('validation_error');
        }
      }
    });
  });
});
