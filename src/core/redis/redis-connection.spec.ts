import { redisTarget, SENTINEL_COMMAND_TIMEOUT_MS } from './redis-connection';

describe(redisTarget.name, () => {
  const name = 'mymaster';

  it('is null without REDIS_URL or REDIS_SENTINELS (single-node mode), and the URL alone as before', () => {
    expect(redisTarget({ REDIS_SENTINEL_NAME: name })).toBeNull();
    expect(redisTarget({ REDIS_URL: 'redis://127.0.0.1:6379', REDIS_SENTINEL_NAME: name })).toEqual({ url: 'redis://127.0.0.1:6379' });
  });

  it('asks the sentinels for the master, watching for +switch-master', () => {
    expect(redisTarget({ REDIS_SENTINELS: '10.0.0.1:26379, sentinel-b:26380', REDIS_SENTINEL_NAME: 'chat' })).toEqual({
      sentinel: {
        sentinels: [
          { host: '10.0.0.1', port: 26379 },
          { host: 'sentinel-b', port: 26380 },
        ],
        name: 'chat',
        role: 'master',
        failoverDetector: true,
        sentinelCommandTimeout: SENTINEL_COMMAND_TIMEOUT_MS,
      },
    });
  });

  it("takes only credentials, database and TLS from a REDIS_URL beside the sentinels, and the sentinels' password", () => {
    const target = redisTarget({
      REDIS_SENTINELS: '10.0.0.1:26379',
      REDIS_SENTINEL_NAME: name,
      REDIS_SENTINEL_PASSWORD: 'watch',
      REDIS_URL: 'rediss://app:p%40ss@ignored-host:1234/3',
    });
    expect(target).toEqual({
      sentinel: expect.objectContaining({ sentinelPassword: 'watch', username: 'app', password: 'p@ss', db: 3, tls: {} }) as unknown,
    });
    expect(JSON.stringify(target)).not.toContain('ignored-host');
  });
});
