import type { NestExpressApplication } from '@nestjs/platform-express';
import { Redis } from 'ioredis';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
export type Http = ReturnType<typeof request>;
import { createApp } from '../../src/app.factory';
import { createTestDatabase } from './test-database';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-0123456789';
export const API = '/api/v1';

export interface TestApp {
  app: NestExpressApplication;
  http: Http;
  baseUrl: string;
  databaseUrl: string;
  close(): Promise<void>;
}

/** The real app on a random port, against its own fresh database. */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase();
  // With REDIS_URL set (multi-node mode) each app gets its own keys, so counters never leak between tests.
  const redisKeyPrefix = `parley-test-${randomBytes(4).toString('hex')}`;
  const app = await createApp({
    REDIS_KEY_PREFIX: redisKeyPrefix,
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', // TEST_LOG_LEVEL=error shows server errors
    DATABASE_URL: database.url,
    JWT_SECRET: TEST_JWT_SECRET,
    THROTTLE_AUTH_IP_LIMIT: '100000',
    THROTTLE_AUTH_LOGIN_LIMIT: '100000',
    // Abuse limits out of the way of suites about other things (test/abuse-limits.e2e-spec.ts sets them).
    SOCKET_RATE_LIMIT: '100000',
    ROOM_CREATE_LIMIT: '100000',
    INVITE_LIMIT: '100000',
    INVITE_REPEAT_LIMIT: '100000',
    MEMBER_ADD_LIMIT: '100000',
    MEMBER_ADDED_LIMIT: '100000',
    SOCKET_TYPING_LIMIT: '100000',
    SOCKET_READ_LIMIT: '100000',
    SOCKET_SYNC_LIMIT: '100000',
    SOCKET_MAX_PER_USER: '100000',
    ...overrides,
  });
  await app.listen(0, '127.0.0.1');
  const baseUrl = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const testApp: TestApp = {
    app,
    http: request(baseUrl),
    baseUrl,
    databaseUrl: database.url,
    async close() {
      await testApp.app.close(); // the app a test may have swapped in (see admin.e2e-spec.ts)
      await database.drop();
      // An app started without Redis (REDIS_URL: '') wrote no keys.
      if (overrides.REDIS_URL ?? process.env.REDIS_URL) await deleteRedisKeys(redisKeyPrefix);
    },
  };
  return testApp;
}

/**
 * Best-effort cleanup of a test's keys (unique prefix, on a Redis that keeps nothing):
 * a failure here says nothing about the code under test, so it is reported, not thrown.
 * It used to fail the SDK drift spec now and then on a loaded CI machine with ioredis's
 * "Connection is closed." from this very connection.
 */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  if (!process.env.REDIS_URL) return;
  const redis = new Redis(process.env.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined); // reported below, once
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } catch (error) {
    console.warn(`test Redis keys ${prefix}:* not deleted: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    redis.disconnect();
  }
}
