import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { envSchema } from './env.schema';
import { InvalidConfigError, validateEnv } from './validate-env';

const problemsOf = (raw: Record<string, string>): string[] => {
  try {
    validateEnv(raw);
  } catch (error) {
    if (error instanceof InvalidConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe(validateEnv.name, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'parley-config-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('applies the documented defaults', () => {
    const env = validateEnv({ DATA_DIR: dataDir });
    expect(env).toMatchObject({
      NODE_ENV: 'development',
      PORT: 3000,
      JWT_ACCESS_TTL: 900,
      JWT_REFRESH_TTL: 30 * 86400,
      JWT_REFRESH_REUSE_GRACE: 30,
      BODY_LIMIT: '100kb',
      DATABASE_POOL_SIZE: 20,
    });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('requires a pre-send hook secret of at least 32 characters with its URL', () => {
    const url = 'https://moderation.example/review';
    expect(problemsOf({ DATA_DIR: dataDir, PRESEND_HOOK_URL: url })).toEqual([expect.stringMatching(/^PRESEND_HOOK_SECRET: is required/)]);
    expect(problemsOf({ DATA_DIR: dataDir, PRESEND_HOOK_URL: url, PRESEND_HOOK_SECRET: 'short' })).toHaveLength(1);
    expect(problemsOf({ DATA_DIR: dataDir, PRESEND_HOOK_URL: url, PRESEND_HOOK_SECRET: 'x'.repeat(32) })).toEqual([]);
    expect(problemsOf({ DATA_DIR: dataDir, PRESEND_HOOK_FAILURE_MODE: 'maybe' })).toEqual([expect.stringMatching(/^PRESEND_HOOK_FAILURE_MODE/)]);
  });

  it('takes 0 to turn the refresh reuse grace off, and refuses what is not a duration', () => {
    expect(validateEnv({ DATA_DIR: dataDir, JWT_REFRESH_REUSE_GRACE: '0' }).JWT_REFRESH_REUSE_GRACE).toBe(0);
    expect(validateEnv({ DATA_DIR: dataDir, JWT_REFRESH_REUSE_GRACE: '2m' }).JWT_REFRESH_REUSE_GRACE).toBe(120);
    expect(() => validateEnv({ DATA_DIR: dataDir, JWT_REFRESH_REUSE_GRACE: 'soon' })).toThrow(/JWT_REFRESH_REUSE_GRACE/);
  });

  it('generates a development secret once and keeps it under DATA_DIR', () => {
    const first = validateEnv({ DATA_DIR: dataDir }).JWT_SECRET;
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(join(dataDir, 'jwt-secret'), 'utf8').trim()).toBe(first);
    expect(validateEnv({ DATA_DIR: dataDir }).JWT_SECRET).toBe(first);
  });

  it('reports every problem, one line each, naming the variable', () => {
    const problems = problemsOf({ NODE_ENV: 'production', PORT: '99999', LOG_LEVEL: 'loud', REDIS_URL: 'http://x' });
    expect(problems).toHaveLength(4);
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['JWT_SECRET', 'LOG_LEVEL', 'PORT', 'REDIS_URL']);
  });

  it('refuses a short or placeholder secret in production and accepts a real one', () => {
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toHaveLength(1);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'change-me-change-me-change-me-change-me' })).toEqual([
      'JWT_SECRET: is still a placeholder value',
    ]);
    expect(problemsOf({ NODE_ENV: 'production', JWT_SECRET: 'k'.repeat(40) })).toEqual([]);
  });

  it('takes sentinels as host:port pairs and replicas as postgres URLs, and refuses anything else', () => {
    const env = validateEnv({
      DATA_DIR: dataDir,
      REDIS_SENTINELS: '10.0.0.1:26379,s2:26379',
      DATABASE_REPLICA_URLS: 'postgres://a/b, postgresql://c/d',
    });
    expect(env).toMatchObject({ REDIS_SENTINELS: '10.0.0.1:26379,s2:26379', REDIS_SENTINEL_NAME: 'mymaster', DATABASE_REPLICA_MAX_LAG_MS: 1000 });
    expect(validateEnv({ DATA_DIR: dataDir }).DATABASE_REPLICA_URLS).toBeUndefined();
    expect(problemsOf({ DATA_DIR: dataDir, REDIS_SENTINELS: '10.0.0.1' })).toEqual([expect.stringMatching(/^REDIS_SENTINELS: must be host:port/)]);
    expect(problemsOf({ DATA_DIR: dataDir, DATABASE_REPLICA_URLS: 'mysql://x/y' })).toEqual([
      expect.stringMatching(/^DATABASE_REPLICA_URLS: must be postgres/),
    ]);
    expect(problemsOf({ DATA_DIR: dataDir, DATABASE_REPLICA_MAX_LAG_MS: '-1' })).toHaveLength(1);
  });

  it('takes a pool size of 1..1000 connections', () => {
    expect(validateEnv({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: '8' }).DATABASE_POOL_SIZE).toBe(8);
    expect(problemsOf({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: '0' })).toHaveLength(1);
    expect(problemsOf({ DATA_DIR: dataDir, DATABASE_POOL_SIZE: 'many' })).toHaveLength(1);
  });

  it('wants the three ADMIN_ variables together', () => {
    expect(problemsOf({ DATA_DIR: dataDir, ADMIN_USERNAME: 'root' })).toEqual([
      'ADMIN_PASSWORD, ADMIN_EMAIL: must be set together with ADMIN_USERNAME',
    ]);
  });

  it('wants an audience and an issuer with an external identity provider, and never none or HS* algorithms', () => {
    expect(problemsOf({ DATA_DIR: dataDir, AUTH_JWKS_URL: 'https://sso.example.com/jwks' })).toEqual([
      'AUTH_EXTERNAL_AUDIENCE, AUTH_EXTERNAL_ISSUER: are required with AUTH_JWKS_URL (the issuer defaults to AUTH_OIDC_ISSUER)',
    ]);
    expect(problemsOf({ DATA_DIR: dataDir, AUTH_OIDC_ISSUER: 'https://sso.example.com/realms/lms', AUTH_EXTERNAL_AUDIENCE: 'parley' })).toEqual([]);
    for (const algorithms of ['none', 'HS256', 'RS256,HS512', '']) {
      expect(problemsOf({ DATA_DIR: dataDir, AUTH_EXTERNAL_ALGORITHMS: algorithms })[0]).toMatch(/^AUTH_EXTERNAL_ALGORITHMS: /);
    }
    expect(validateEnv({ DATA_DIR: dataDir, AUTH_LOCAL: 'false' })).toMatchObject({
      AUTH_LOCAL: false,
      AUTH_EXTERNAL_ALGORITHMS: ['RS256', 'ES256', 'EdDSA'],
    });
  });

  it('accepts access-token types only by default, compared as RFC 7515 says (none: no typ header)', () => {
    expect(validateEnv({ DATA_DIR: dataDir }).AUTH_EXTERNAL_ACCEPTED_TYPES).toEqual(['at+jwt', 'jwt', '']);
    expect(validateEnv({ DATA_DIR: dataDir, AUTH_EXTERNAL_ACCEPTED_TYPES: 'application/AT+JWT' }).AUTH_EXTERNAL_ACCEPTED_TYPES).toEqual(['at+jwt']);
    for (const types of ['', ' , ', 'at+jwt,a b', 'x/y/z']) {
      expect(problemsOf({ DATA_DIR: dataDir, AUTH_EXTERNAL_ACCEPTED_TYPES: types })[0]).toMatch(/^AUTH_EXTERNAL_ACCEPTED_TYPES: /);
    }
  });
});

describe('README "Configuration"', () => {
  it('names every setting the schema declares', () => {
    const readme = readFileSync(join(process.cwd(), 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('## Configuration'), readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1));
    const missing = Object.keys(envSchema.shape).filter((name) => !section.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
