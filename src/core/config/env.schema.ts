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
  z.string().regex(DURATION, 'must be a duration such as 15m, 30d or 3600 (seconds)').default(fallback).transform(durationToSeconds);

/** A duration that may also be 0 (off). */
const optionalDuration = (fallback: string) =>
  z
    .string()
    .regex(DURATION, 'must be a duration such as 30s or 0 (off)')
    .default(fallback)
    .transform((v) => (/^0+(ms|s|m|h|d)?$/.test(v) ? 0 : durationToSeconds(v)));

const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

const int = (fallback: number, min: number, max: number) => z.coerce.number().int('must be a whole number').min(min).max(max).default(fallback);

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const url = (protocols: string[]) =>
  optionalString.refine(
    (v) => v === undefined || protocols.some((p) => v.startsWith(`${p}://`)),
    `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
  );

/** Images, PDF, office documents, plain text, zip, audio and video (docs/attachments.md). */
const DEFAULT_UPLOAD_TYPES = [
  'image/jpeg,image/png,image/gif,image/webp,image/avif,image/heic,image/tiff,image/bmp',
  'application/pdf,application/rtf,text/plain,text/rtf,application/zip,application/x-cfb',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.oasis.opendocument.text,application/vnd.oasis.opendocument.spreadsheet',
  'application/vnd.oasis.opendocument.presentation,audio/*,video/*',
].join(',');
/** A media type, or its subtype alone (RFC 7515 4.1.9 lets `typ` drop `application/`). */
const MEDIA_TYPE = /^(?:[\w!#$&^.+-]+\/)?[\w!#$&^.+-]+$/;
/** How a token without a `typ` header is listed among the accepted types. */
export const NO_TYP = '';

/** A `typ` header as compared: case-insensitive, `application/at+jwt` = `at+jwt` (RFC 7515 4.1.9). */
export function joseType(typ: string): string {
  const lower = typ.toLowerCase();
  return lower.startsWith('application/') && !lower.slice('application/'.length).includes('/') ? lower.slice('application/'.length) : lower;
}
const EXTERNAL_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/** Every environment variable Parley reads. README "Configuration" lists them. */
/** PostgreSQL text-search configurations message search may use (`simple`: no stemming). */
export const SEARCH_LANGUAGES = [
  'simple',
  'english',
  'french',
  'german',
  'spanish',
  'italian',
  'portuguese',
  'dutch',
  'russian',
  'swedish',
  'danish',
  'norwegian',
  'finnish',
] as const;

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: url(['postgres', 'postgresql']),
  /** PostgreSQL connections per node; opened as load needs them, then kept. */
  DATABASE_POOL_SIZE: int(20, 1, 1000),
  /** DATABASE_URL's server at start: attempts to connect, and the wait between them (a server still starting). */
  DATABASE_CONNECT_ATTEMPTS: int(10, 1, 1000),
  DATABASE_CONNECT_RETRY_DELAY: duration('3s'),
  /**
   * Streaming replicas (`postgres://...`, comma-separated) that history, search and room lists may
   * read from (docs/operations.md, "Read replicas"). Unset: every read goes to DATABASE_URL.
   */
  DATABASE_REPLICA_URLS: optionalString.refine(
    (v) => v === undefined || /^postgres(ql)?:\/\/[^,\s]+(\s*,\s*postgres(ql)?:\/\/[^,\s]+)*$/.test(v),
    'must be postgres:// URLs, comma-separated',
  ),
  /** A replica whose replay is further behind its primary than this is skipped (reads go to the primary). */
  DATABASE_REPLICA_MAX_LAG_MS: int(1000, 0, 3600000),
  REDIS_URL: url(['redis', 'rediss']),
  /**
   * Redis through Sentinel: `host:port,host:port,...` of the sentinels, which name the current
   * master of REDIS_SENTINEL_NAME (docs/operations.md, "Topology"). Turns on multi-node mode like
   * REDIS_URL; a REDIS_URL given beside it lends only its username, password, database and TLS.
   */
  REDIS_SENTINELS: optionalString.refine(
    (v) => v === undefined || /^[\w.-]+:\d{1,5}(\s*,\s*[\w.-]+:\d{1,5})*$/.test(v),
    'must be host:port of each sentinel, comma-separated',
  ),
  REDIS_SENTINEL_NAME: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'must be 1..64 of letters, digits, _ . -')
    .default('mymaster'),
  /** The sentinels' own password (`requirepass` in sentinel.conf), if they have one. */
  REDIS_SENTINEL_PASSWORD: optionalString,
  /** Prefix of every Redis key and stream, so several deployments (or test runs) can share one Redis. */
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[\w.-]{1,64}$/, 'must be 1..64 of letters, digits, _ . -')
    .default('parley'),
  DATA_DIR: z.string().default('.data'),
  JWT_SECRET: optionalString,
  JWT_ACCESS_TTL: duration('15m'),
  JWT_REFRESH_TTL: duration('30d'),
  /** How long a spent refresh token may be presented again while the login has not moved on (a lost answer, a reload mid-renewal). */
  JWT_REFRESH_REUSE_GRACE: optionalDuration('30s'),
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
  /** Node's HTTP server: time to receive the headers / the whole request; idle keep-alive connections. */
  HTTP_HEADERS_TIMEOUT: duration('20s'),
  HTTP_REQUEST_TIMEOUT: duration('30s'),
  HTTP_KEEP_ALIVE_TIMEOUT: duration('5s'),
  PUBLIC_ROOMS_ADMIN_ONLY: bool(false),
  /** Multi-node presence: a node silent this long is dead and its users go offline (heartbeat every third of it). */
  PRESENCE_NODE_TTL: duration('15s'),
  /**
   * `presence` events go to rooms of at most this many members: in a course room of
   * 5,000, every connect would otherwise reach every connected member (2,000 connects
   * make 4 million events). Larger rooms read who is online with GET /rooms/{id}/online.
   */
  PRESENCE_MAX_ROOM_SIZE: int(200, 0, 1000000),
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
  REACTION_LIMIT: int(30, 1, 1000000),
  REACTION_WINDOW: duration('10s'),
  REPORT_LIMIT: int(20, 1, 1000000),
  REPORT_WINDOW: duration('1h'),
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
  /** How long a finished compliance export's archive is kept before the worker removes it (0 keeps it). */
  COMPLIANCE_EXPORT_TTL: optionalDuration('7d'),
  /** Room roles whose `@room` / `@here` mention every member (comma-separated; empty: nobody). */
  MENTION_ROOM_ROLES: z
    .string()
    .default('owner,admin')
    .transform((v) =>
      v
        .split(',')
        .map((r) => r.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.enum(['owner', 'admin', 'member']))),
  /** Text-search configuration for message search: stemming (`english`, ...) or none (`simple`). */
  SEARCH_LANGUAGE: z.enum(SEARCH_LANGUAGES).default('english'),
  /** Uploads (docs/attachments.md): size limit in bytes, sniffed types accepted (`type/*` wildcards), per-user rate. */
  UPLOAD_MAX_BYTES: int(25 * 1024 * 1024, 1, 5 * 1024 * 1024 * 1024),
  UPLOAD_ALLOWED_TYPES: z
    .string()
    .default(DEFAULT_UPLOAD_TYPES)
    .transform((v) =>
      v
        .split(',')
        .map((t) => t.trim().toLowerCase())
        .filter(Boolean),
    ),
  UPLOAD_RATE_LIMIT: int(30, 1, 100000),
  UPLOAD_RATE_WINDOW: duration('60s'),
  /** Uploads never attached to a message are removed after this long; the cleanup runs every UPLOAD_CLEANUP_INTERVAL. */
  UPLOAD_UNATTACHED_TTL: duration('24h'),
  UPLOAD_CLEANUP_INTERVAL: duration('10m'),
  /** Lifetime of the presigned S3 GET URLs downloads redirect to. */
  UPLOAD_URL_TTL: duration('5m'),
  /** S3-compatible storage for uploads when S3_BUCKET is set (else local disk under DATA_DIR/uploads). */
  S3_BUCKET: optionalString,
  S3_ENDPOINT: url(['http', 'https']),
  S3_REGION: z.string().default('us-east-1'),
  S3_ACCESS_KEY_ID: optionalString,
  S3_SECRET_ACCESS_KEY: optionalString,
  S3_FORCE_PATH_STYLE: bool(true),
  /** Parley's own register/login; false when the platform's identity provider is the only way in. */
  AUTH_LOCAL: bool(true),
  /** External tokens (OIDC): the JWK set, or the issuer whose discovery document names it. */
  AUTH_JWKS_URL: url(['https', 'http']),
  AUTH_OIDC_ISSUER: url(['https', 'http']),
  AUTH_EXTERNAL_ISSUER: optionalString,
  AUTH_EXTERNAL_AUDIENCE: optionalString,
  AUTH_EXTERNAL_ALGORITHMS: z
    .string()
    .default('RS256,ES256,EdDSA')
    .transform((v) =>
      v
        .split(',')
        .map((a) => a.trim())
        .filter(Boolean),
    )
    .refine(
      (list) => list.length > 0 && list.every((a) => EXTERNAL_ALGORITHMS.includes(a)),
      `must be a list of ${EXTERNAL_ALGORITHMS.join(', ')} (never none or HS*)`,
    ),
  /**
   * JOSE `typ` headers accepted as access tokens (RFC 9068 `at+jwt`, the generic `JWT`, `none`: no header),
   * so an OpenID ID token (`id+jwt`) signed for the same audience is not. Case-insensitive, `application/` optional.
   */
  AUTH_EXTERNAL_ACCEPTED_TYPES: z
    .string()
    .default('at+jwt,JWT,none')
    .transform((v) =>
      v
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .refine(
      (list) => list.length > 0 && list.every((t) => MEDIA_TYPE.test(t)),
      'must be a list of JOSE typ values such as at+jwt, JWT, or none (no typ header)',
    )
    .transform((list) => list.map((t) => (t.toLowerCase() === 'none' ? NO_TYP : joseType(t)))),
  AUTH_CLAIM_USERNAME: z.string().min(1).default('preferred_username'),
  AUTH_CLAIM_NAME: z.string().min(1).default('name'),
  AUTH_CLAIM_EMAIL: z.string().min(1).default('email'),
  AUTH_CLAIM_USER_TYPE: optionalString,
  AUTH_CLAIM_ROLE: optionalString,
  /** Least time between two JWK set refetches caused by an unknown `kid`. */
  AUTH_JWKS_COOLDOWN: duration('30s'),
  API_KEY_RATE_LIMIT: int(1200, 1, 1000000),
  API_KEY_RATE_WINDOW: duration('60s'),
  WEBHOOK_ALLOW_PRIVATE: bool(false),
  TEST_ORGANIZATION_CHECKS_OFF: bool(false),
  WEBHOOK_TIMEOUT: duration('5s'),
  WEBHOOK_MAX_ATTEMPTS: int(9, 1, 50),
  /** First retry delay; each next one is 4x longer (with jitter): 5 s .. ~23 h over 9 attempts. */
  WEBHOOK_RETRY_BASE_MS: int(5000, 10, 3600000),
  WEBHOOK_POLL_INTERVAL_MS: int(1000, 10, 60000),
  /** This node works off the webhook outbox (any number of nodes may). */
  WEBHOOK_WORKER: bool(true),
  /** Delivered and failed deliveries are kept this long in the delivery log. */
  WEBHOOK_LOG_RETENTION: duration('14d'),
  /** The pre-send hook (docs/compliance.md): the moderation service asked about every message; unset: none. */
  PRESEND_HOOK_URL: url(['https', 'http']),
  /** Its signing secret (Standard Webhooks HMAC-SHA256 of the body, as webhooks are signed); required with the URL. */
  PRESEND_HOOK_SECRET: optionalString,
  /** How long a send waits for the hook's answer. */
  PRESEND_HOOK_TIMEOUT_MS: int(300, 10, 10000),
  /** No answer in time, an error or too many calls at once: `open` lets the message through, `closed` refuses it (content_blocked). */
  PRESEND_HOOK_FAILURE_MODE: z.enum(['open', 'closed']).default('open'),
  /** Calls to the hook in flight at once per node; past it a send takes the failure mode at once. */
  PRESEND_HOOK_MAX_CONCURRENCY: int(64, 1, 10000),
  /** Let the hook's URL name a private or loopback address (a service beside Parley, tests). */
  PRESEND_HOOK_ALLOW_PRIVATE: bool(false),
  /** Notifications for people who are away (docs/notifications.md): this node works off the notification outbox. */
  NOTIFICATION_WORKER: bool(true),
  NOTIFICATION_POLL_INTERVAL_MS: int(1000, 10, 60000),
  /** A push waits this long; more messages in the room meanwhile join it (one notification with a count). */
  NOTIFICATION_PUSH_DELAY_MS: int(3000, 0, 3600000),
  /** A user whose sockets have all been idle (no client event) this long counts as away and is notified; 0: only users with no socket. */
  NOTIFICATION_IDLE_AFTER: optionalDuration('10m'),
  /** An email digest goes out this long after the first unread direct message or mention. */
  NOTIFICATION_EMAIL_DELAY: duration('15m'),
  NOTIFICATION_MAX_ATTEMPTS: int(8, 1, 50),
  /** Sent, skipped and dead notifications are kept this long (admins read the dead letters meanwhile). */
  NOTIFICATION_LOG_RETENTION: duration('14d'),
  /** First retry delay; each next one is 4x longer (with jitter). */
  NOTIFICATION_RETRY_BASE_MS: int(5000, 10, 3600000),
  /** Message text in push payloads and emails; otherwise "New message in <room>". */
  NOTIFICATION_SHOW_TEXT: bool(false),
  /** Push services on private addresses (tests, an on-premises gateway). */
  NOTIFICATION_ALLOW_PRIVATE: bool(false),
  /** LTI 1.3 (docs/lti.md): how often each course's roster is pulled from its LMS (Names and Role Provisioning Services); 0: only at launches. */
  LTI_ROSTER_SYNC_INTERVAL: optionalDuration('1h'),
  /**
   * Origins that may show the web app and the LTI pages in a frame (the LMS's pages, e.g. https://school.instructure.com),
   * comma-separated; `*` any; empty: Parley's own origin only (docs/lti.md).
   */
  LTI_FRAME_ANCESTORS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .refine(
      (list) => list.every((o) => o === '*' || /^https?:\/\/[^/\s;']+$/.test(o)),
      'must be origins such as https://lms.example.com, comma-separated, or *',
    ),
  /** Let registered LTI platforms' URLs name private or loopback addresses (an LMS on the same network, tests). */
  LTI_ALLOW_PRIVATE: bool(false),
  /** The address people open Parley at: links in emails and the unsubscribe link. */
  NOTIFICATION_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\//, 'must be a URL starting with http:// or https://')
    .default('http://localhost:3000'),
  /** Web push (RFC 8292): the VAPID key pair, base64url; generated and kept under DATA_DIR in development and test. */
  VAPID_PUBLIC_KEY: optionalString,
  VAPID_PRIVATE_KEY: optionalString,
  /** Who runs this server, for push services: a mailto: or https: URL. */
  VAPID_SUBJECT: z
    .string()
    .regex(/^(mailto:|https:\/\/)/, 'must be a mailto: or https:// URL')
    .default('mailto:admin@localhost'),
  /** SMTP server for email digests (smtp:// or smtps://, credentials in the URL); unset = no email. */
  SMTP_URL: url(['smtp', 'smtps']),
  /** Mobile push to Android: a Firebase service account's JSON key file (FCM HTTP v1); unset = off. */
  FCM_SERVICE_ACCOUNT_FILE: optionalString,
  FCM_URL: url(['https', 'http']).transform((v) => v ?? 'https://fcm.googleapis.com'),
  /** Mobile push to iOS: the APNs auth key (.p8 file), its key id and the team id; unset = off. */
  APNS_KEY_FILE: optionalString,
  APNS_KEY_ID: optionalString,
  APNS_TEAM_ID: optionalString,
  /** https://api.sandbox.push.apple.com for development builds of the app. */
  APNS_URL: url(['https', 'http']).transform((v) => v ?? 'https://api.push.apple.com'),
  EMAIL_FROM: z.string().min(3).default('Parley <parley@localhost>'),
  /** Prometheus metrics (docs/operations.md "Metrics"): on their own listener, or at /metrics on PORT behind a bearer token; off when neither is set. */
  METRICS_PORT: optionalString
    .refine((v) => v === undefined || (/^\d{1,5}$/.test(v) && Number(v) <= 65535), 'must be a port number (0..65535)')
    .transform((v) => (v === undefined ? undefined : Number(v))),
  METRICS_HOST: z.string().default('127.0.0.1'),
  METRICS_TOKEN: optionalString.refine((v) => v === undefined || v.length >= 16, 'must be at least 16 characters'),
  /** OpenTelemetry traces over OTLP/HTTP (docs/operations.md "Traces"): off unless an endpoint is set. */
  OTEL_EXPORTER_OTLP_ENDPOINT: url(['http', 'https']),
  OTEL_SERVICE_NAME: z.string().min(1).default('parley'),
});

export type EnvInput = z.input<typeof envSchema>;
export type Env = z.output<typeof envSchema> & { JWT_SECRET: string };
