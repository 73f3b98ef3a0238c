import { z } from 'zod';

/** Durations such as `15m`, `30d`, `3600s` or a bare number of seconds. */
const DURATION = /^\d+(ms|s|m|h|d)?$/;
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

export function durationToSeconds(value: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(value);
  if (!match) throw new Error(`Invalid duration "${value}"`);
  return Math.max(1, Math.floor(Number(match[1]) * UNIT_SECONDS[match[2] ?? 's']));
}

const duration = (fallback: string) =>
  z
    .string()
    .regex(DURATION, 'must be a duration such as 15m, 30d or 3600 (seconds)')
    .default(fallback)
    .transform(durationToSeconds);

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

const int = (fallback: number, min: number, max: number) =>
  z.coerce.number().int('must be a whole number').min(min).max(max).default(fallback);

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const url = (protocols: string[]) =>
  optionalString.refine(
    (v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)),
    `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  );

/** Every environment variable Parley reads. README "Configuration" lists them. */
export const envSchema = z.object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: int(3000, 0, 65535),
    HOST: z.string().default('0.0.0.0'),
    DATABASE_URL: url(['postgres', 'postgresql']),
    /** PostgreSQL connections per node; opened as load needs them, then kept. */
    DATABASE_POOL_SIZE: int(20, 1, 1000),
    REDIS_URL: url(['redis', 'rediss']),
    /** Prefix of every Redis key and stream, so several deployments (or test runs) can share one Redis. */
    REDIS_KEY_PREFIX: z.string().regex(/^[\w.-]{1,64}$/, 'must be 1..64 of letters, digits, _ . -').default('parley'),
    DATA_DIR: z.string().default('.data'),
    JWT_SECRET: optionalString,
    JWT_ACCESS_TTL: duration('15m'),
    JWT_REFRESH_TTL: duration('30d'),
    JWT_ISSUER: z.string().min(1).default('parley'),
    JWT_AUDIENCE: z.string().min(1).default('parley-clients'),
    CORS_ORIGINS: z
      .string()
      .default('http://localhost:3000,http://localhost:5173')
      .transform((v) =>
        v
          .split(',')
          .map((o) => o.trim())
          .filter(Boolean),
      ),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT: z
      .string()
      .regex(/^\d+(b|kb|mb)?$/i, 'must be a size such as 100kb or 1mb')
      .default('100kb'),
    TRUST_PROXY: bool(false),
    PUBLIC_ROOMS_ADMIN_ONLY: bool(false),
    /** Multi-node presence: a node silent this long is dead and its users go offline (heartbeat every third of it). */
    PRESENCE_NODE_TTL: duration('15s'),
    SOCKET_PING_INTERVAL: duration('25s'),
    SOCKET_PING_TIMEOUT: duration('20s'),
    SOCKET_RATE_LIMIT: int(20, 1, 100000),
    SOCKET_RATE_WINDOW: duration('10s'),
    THROTTLE_AUTH_TTL: duration('60s'),
    THROTTLE_AUTH_IP_LIMIT: int(20, 1, 100000),
    THROTTLE_AUTH_LOGIN_LIMIT: int(10, 1, 100000),
    /** Abuse limits per user (docs/limits-abuse.md): points per window. */
    ROOM_CREATE_LIMIT: int(20, 1, 1000000),
    ROOM_CREATE_WINDOW: duration('10m'),
    INVITE_LIMIT: int(50, 1, 1000000),
    INVITE_WINDOW: duration('1h'),
    INVITE_REPEAT_LIMIT: int(3, 1, 1000000),
    INVITE_REPEAT_WINDOW: duration('1d'),
    MEMBER_ADD_LIMIT: int(200, 1, 1000000),
    MEMBER_ADD_WINDOW: duration('1h'),
    MEMBER_ADDED_LIMIT: int(30, 1, 1000000),
    MEMBER_ADDED_WINDOW: duration('1h'),
    SOCKET_TYPING_LIMIT: int(60, 1, 1000000),
    SOCKET_TYPING_WINDOW: duration('10s'),
    SOCKET_READ_LIMIT: int(60, 1, 1000000),
    SOCKET_READ_WINDOW: duration('10s'),
    SOCKET_SYNC_LIMIT: int(20, 1, 1000000),
    SOCKET_SYNC_WINDOW: duration('60s'),
    SOCKET_MAX_PER_USER: int(20, 1, 1000000),
    ADMIN_USERNAME: optionalString,
    ADMIN_PASSWORD: optionalString,
    ADMIN_EMAIL: optionalString,
    /** Messages older than this many days are removed (0 keeps them forever); a room's retention_days overrides it. */
    RETENTION_DAYS: int(0, 0, 36500),
    /** How often a node runs the retention sweep (one node at a time does the work). */
    RETENTION_INTERVAL: duration('1h'),
    /** Messages removed per transaction: small batches keep row locks short. */
    RETENTION_BATCH_SIZE: int(500, 1, 10000),
  });

export type EnvInput = z.input<typeof envSchema>;
export type Env = z.output<typeof envSchema> & { JWT_SECRET: string };
