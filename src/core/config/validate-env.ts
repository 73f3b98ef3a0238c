import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Env, envSchema } from './env.schema';

export class InvalidConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'InvalidConfigError';
  }
}

/**
 * Validates the environment. Every problem is reported on its own line naming
 * the variable. In development and test a missing JWT_SECRET is generated once
 * and kept under DATA_DIR so tokens survive restarts.
 */
export function validateEnv(raw: Record<string, unknown>): Env {
  const parsed = envSchema.safeParse(raw);
  const problems = [
    ...(parsed.success ? [] : parsed.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`)),
    ...crossFieldProblems(raw),
  ];
  if (!parsed.success || problems.length > 0) throw new InvalidConfigError(problems);
  const env = parsed.data;
  return { ...env, JWT_SECRET: env.JWT_SECRET ?? developmentSecret(env.DATA_DIR) };
}

/** Checks that span variables; run on the raw input so they are reported alongside field errors. */
function crossFieldProblems(raw: Record<string, unknown>): string[] {
  const text = (key: string) => (typeof raw[key] === 'string' && raw[key].trim() !== '' ? raw[key].trim() : undefined);
  const problems: string[] = [];
  const lenient = text('NODE_ENV') === undefined || ['development', 'test'].includes(text('NODE_ENV')!);
  const secret = text('JWT_SECRET');
  if (!lenient && (secret === undefined || Buffer.byteLength(secret) < 32)) {
    problems.push('JWT_SECRET: is required outside development and test and must be at least 32 bytes');
  } else if (!lenient && /change[-_ ]?me|placeholder|^secret$/i.test(secret!)) {
    problems.push('JWT_SECRET: is still a placeholder value');
  }
  const admin = ['ADMIN_USERNAME', 'ADMIN_PASSWORD', 'ADMIN_EMAIL'];
  const set = admin.filter((key) => text(key) !== undefined);
  if (set.length > 0 && set.length < admin.length) {
    problems.push(`${admin.filter((k) => !set.includes(k)).join(', ')}: must be set together with ${set.join(', ')}`);
  }
  if (text('PRESEND_HOOK_URL') && (text('PRESEND_HOOK_SECRET') ?? '').length < 32) {
    problems.push('PRESEND_HOOK_SECRET: is required with PRESEND_HOOK_URL and must be at least 32 characters');
  }
  const external = text('AUTH_JWKS_URL') ?? text('AUTH_OIDC_ISSUER');
  if (external && (!text('AUTH_EXTERNAL_AUDIENCE') || !(text('AUTH_EXTERNAL_ISSUER') ?? text('AUTH_OIDC_ISSUER')))) {
    problems.push('AUTH_EXTERNAL_AUDIENCE, AUTH_EXTERNAL_ISSUER: are required with AUTH_JWKS_URL (the issuer defaults to AUTH_OIDC_ISSUER)');
  }
  return problems;
}

function developmentSecret(dataDir: string): string {
  const file = join(resolve(dataDir), 'jwt-secret');
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (kept.length >= 32) return kept;
  } catch {
    // first start: generate below
  }
  const secret = randomBytes(48).toString('base64url');
  mkdirSync(resolve(dataDir), { recursive: true });
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}
