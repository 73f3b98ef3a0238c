import { createRoom } from './support/chat';
import { registerUser } from './support/factories';
import { ack, connect, disconnected } from './support/sockets';
import { startTestApp } from './support/test-app';

/** Socket behaviour under non-default settings: each test owns its app. */
describe('Realtime gateway limits (e2e)', () => {
  it('disconnects a socket when its access token expires', async () => {
    const short = await startTestApp({ JWT_ACCESS_TTL: '2s' });
    try {
      const user = await registerUser(short.http);
      const s = await connect(short.baseUrl, user.access);
      const started = Date.now();
      await expect(disconnected(s)).resolves.toBe('io server disconnect');
      expect(Date.now() - started).toBeLessThan(4000);
    } finally {
      await short.close();
    }
  }, 15000);

  it('throttles a user past SOCKET_RATE_LIMIT with retry_after_ms', async () => {
    const tight = await startTestApp({ SOCKET_RATE_LIMIT: '3', SOCKET_RATE_WINDOW: '10s' });
    try {
      const user = await registerUser(tight.http);
      const room = await createRoom(tight.http, user);
      const s = await connect(tight.baseUrl, user.access);
      for (let i = 0; i < 3; i += 1) expect((await ack(s, 'message:send', { room_id: room.id, content: `m${i}` })).ok).toBe(true);
      const refused = await ack(s, 'message:send', { room_id: room.id, content: 'one too many' });
      expect(refused).toMatchObject({ ok: false, error: { code: 'throttled' } });
      expect(refused.error!.retry_after_ms).toBeGreaterThan(0);
      expect(refused.error!.retry_after_ms).toBeLessThanOrEqual(10000);
      s.close();
    } finally {
      await tight.close();
    }
  });
});
