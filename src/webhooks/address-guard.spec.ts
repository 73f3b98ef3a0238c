import { isPrivateAddress, resolveTarget } from './address-guard';
import { sendWebhook } from './webhook-sender';
import { retryDelayMs } from './webhook-worker';

describe('webhook targets', () => {
  it('knows loopback, private, link-local and mapped addresses', () => {
    for (const a of ['127.0.0.1', '10.0.0.8', '172.20.1.1', '192.168.0.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1']) {
      expect(isPrivateAddress(a)).toBe(true);
    }
    for (const a of ['93.184.216.34', '8.8.8.8', '2606:4700::1111', '::ffff:8.8.8.8']) expect(isPrivateAddress(a)).toBe(false);
  });

  it('resolves a name once and refuses it when any address is private', async () => {
    await expect(resolveTarget(new URL('http://localhost:1/'), false)).rejects.toThrow(/loopback, private or link-local/);
    await expect(resolveTarget(new URL('http://localhost:1/'), true)).resolves.toMatchObject({ address: expect.any(String) });
  });

  it('refuses at send time too (a URL accepted earlier may resolve elsewhere now)', async () => {
    const attempt = await sendWebhook({ id: 'msg_1', url: 'http://127.0.0.1:9/', secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', payload: {} }, { timeoutMs: 500, allowPrivate: false });
    expect(attempt).toMatchObject({ ok: false, statusCode: null, error: expect.stringMatching(/^refused: /) });
  });

  it('backs off exponentially with jitter', () => {
    for (const [attempt, base] of [[1, 5000], [2, 20000], [9, 5000 * 4 ** 8]] as const) {
      const delay = retryDelayMs(attempt, 5000);
      expect(delay).toBeGreaterThanOrEqual(base * 0.8);
      expect(delay).toBeLessThanOrEqual(base * 1.2);
    }
  });
});
