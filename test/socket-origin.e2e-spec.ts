import { io } from 'socket.io-client';
import { registerUser, TestUser } from './support/factories';
import { startTestApp, TestApp } from './support/test-app';

type ConnectError = Error & { description?: unknown; context?: { responseText?: string }; data?: { code?: string }; body?: string };

/**
 * A page on an origin outside CORS_ORIGINS. Over long-polling it used to see
 * only `xhr poll error` (the refusal had no CORS headers, so the browser hid
 * it); now the refusal is readable and names `origin_not_allowed`.
 */
describe('Socket.IO origin refusal (e2e)', () => {
  let t: TestApp;
  let alice: TestUser;
  const handshake = (origin: string) => t.http.get('/socket.io/?EIO=4&transport=polling').set('Origin', origin);

  beforeAll(async () => {
    t = await startTestApp({ CORS_ORIGINS: 'https://lms.example.com' });
    alice = await registerUser(t.http);
  });
  afterAll(async () => {
    await t.close();
  });

  function connectError(transports: ('polling' | 'websocket')[], origin: string): Promise<ConnectError> {
    const socket = io(`${t.baseUrl}/chat`, {
      transports,
      auth: { token: alice.access },
      extraHeaders: { Origin: origin },
      reconnection: false,
      forceNew: true,
    });
    return new Promise((resolve, reject) => {
      socket.once('connect', () => {
        socket.close();
        reject(new Error('connected from a refused origin'));
      });
      socket.once('connect_error', (error: ConnectError) => {
        // The XHR is aborted right after this handler, which empties responseText (as in browsers).
        error.body = error.context?.responseText;
        socket.close();
        resolve(error);
      });
    });
  }

  it('answers a polling handshake from a refused origin with a readable 403 naming the reason', async () => {
    const res = await handshake('https://evil.example.com').expect(403);
    expect(res.body).toEqual({ code: 4, message: 'origin_not_allowed' });
    expect(res.headers['access-control-allow-origin']).toBe('https://evil.example.com');
  });

  it('lets the client of a polling page see the reason in connect_error', async () => {
    const error = await connectError(['polling'], 'https://evil.example.com');
    expect(error.message).toBe('xhr poll error');
    expect(error.description).toBe(403);
    expect(JSON.parse(error.body ?? '{}')).toEqual({ code: 4, message: 'origin_not_allowed' });
  });

  it('refuses a WebSocket from a refused origin with connect_error data.code', async () => {
    const error = await connectError(['websocket'], 'https://evil.example.com');
    expect(error.data).toEqual({ code: 'origin_not_allowed' });
  });

  it('still opens polling sessions for allowed origins and for clients without an Origin', async () => {
    const allowed = await handshake('https://lms.example.com').expect(200);
    expect(allowed.text).toMatch(/^0\{"sid":/);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://lms.example.com');
    await t.http.get('/socket.io/?EIO=4&transport=polling').expect(200);
    const socket = io(`${t.baseUrl}/chat`, {
      transports: ['polling'],
      auth: { token: alice.access },
      extraHeaders: { Origin: 'https://lms.example.com' },
      reconnection: false,
      forceNew: true,
    });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('connect_error', reject);
    });
    socket.close();
  });
});
