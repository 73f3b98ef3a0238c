import { jest } from '@jest/globals';
import { ThrottledError } from '../errors/domain-error';
import type { AppConfig } from '../config/app-config.service';
import { UserLimits } from './user-limits';

/** Every limit at 2 points per 10 s, in memory (no Redis). */
const config = { get: (key: string) => (key.endsWith('_WINDOW') ? 10 : key === 'REDIS_KEY_PREFIX' ? 'p' : 2) } as unknown as AppConfig;

describe(UserLimits.name, () => {
  let now = 1_000_000;
  beforeEach(() => {
    jest.spyOn(Date, 'now').mockImplementation(() => now);
  });
  afterEach(() => jest.restoreAllMocks());

  it('refuses the typing hot path synchronously past its limit, per user, until the window ends', () => {
    const limits = new UserLimits(config, null);
    limits.hit('typing', 'u1');
    limits.hit('typing', 'u1');
    expect(() => limits.hit('typing', 'u1')).toThrow(ThrottledError);
    limits.hit('typing', 'u2');
    now += 4_000;
    try {
      limits.hit('typing', 'u1');
      throw new Error('not throttled');
    } catch (error) {
      expect(error).toBeInstanceOf(ThrottledError);
      expect((error as ThrottledError).retryAfterSeconds).toBe(6);
    }
    now += 6_000;
    expect(() => limits.hit('typing', 'u1')).not.toThrow();
  });

  it('keeps each limit apart and spends several points at once', async () => {
    const limits = new UserLimits(config, null);
    await limits.consume('member_add', 'u1', 2);
    await expect(limits.consume('member_add', 'u1')).rejects.toBeInstanceOf(ThrottledError);
    await expect(limits.consume('invite', 'u1')).resolves.toBeUndefined();
    await expect(limits.consume('room_create', 'u1', 3)).rejects.toBeInstanceOf(ThrottledError);
  });
});
