import { setTimeout as delay } from 'node:timers/promises';
import { Client } from 'pg';

/** DATABASE_URL's server never answered, or refused the login: one line, no stack. */
export class DatabaseUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnreachableError';
  }
}

export interface WaitOptions {
  attempts: number;
  delayMs: number;
  log: (line: string) => void;
}

/** Network failures worth another attempt (a server still starting, a name not yet in DNS); anything else is final. */
const RETRIED = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', '57P03']);
const CONNECT_TIMEOUT_MS = 5000;

/**
 * Connects once to the server DATABASE_URL names before the app is built, so
 * that a wrong URL or a server that is down says so at once: one line per
 * failed attempt naming host and port, then
 * `cannot reach PostgreSQL at host:port: ECONNREFUSED; check DATABASE_URL`.
 */
export async function waitForDatabase(url: string, options: WaitOptions): Promise<void> {
  const { hostname, port } = new URL(url);
  const where = `${hostname || 'localhost'}:${port || 5432}`;
  for (let attempt = 1; ; attempt += 1) {
    const reason = await tryConnect(url);
    if (reason === undefined) return;
    if (!RETRIED.has(reason.code))
      throw new DatabaseUnreachableError(`PostgreSQL at ${where} refused the connection: ${reason.message}; check DATABASE_URL`);
    if (attempt >= options.attempts) throw new DatabaseUnreachableError(`cannot reach PostgreSQL at ${where}: ${reason.code}; check DATABASE_URL`);
    options.log(
      `PostgreSQL at ${where} is not reachable (${reason.code}), attempt ${attempt} of ${options.attempts}; trying again in ${options.delayMs / 1000} s`,
    );
    await delay(options.delayMs);
  }
}

async function tryConnect(url: string): Promise<{ code: string; message: string } | undefined> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  client.on('error', () => undefined); // reported through connect()'s rejection
  try {
    await client.connect();
    return undefined;
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string };
    // pg's own connect timeout has no code.
    return { code: code ?? (/timeout/i.test(String(message)) ? 'ETIMEDOUT' : 'unknown'), message: String(message) };
  } finally {
    await client.end().catch(() => undefined);
  }
}
