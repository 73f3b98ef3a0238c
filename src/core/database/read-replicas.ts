import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Pool, type QueryResultRow } from 'pg';
import { AppConfig } from '../config/app-config.service';
import { Measurements } from '../metrics/measurements';
import { handleConnectionErrors } from './connection-errors';
import { PG_TYPES } from './pg-types';
import { PreparedStatements } from './prepared-statements';
import { scopeConnections } from './scoped-connections';

/** `X/Y` (pg_lsn as text) as one number: the WAL position, comparable. */
export function parseLsn(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** The primary's WAL position, read at `at` (ms, before the query was sent). */
interface Sample {
  at: number;
  lsn: bigint;
}

interface Replica {
  /** `host:port/db` (no credentials): for logs. */
  name: string;
  pool: Pool;
  /** The start time of the newest primary sample this replica has replayed past: it holds every commit acknowledged before it. */
  caughtUpTo: number;
  /** Its last poll failed (or a read on it did): skipped until a poll answers again. */
  down: boolean;
}

/** The longest a poll round may wait for a server's answer; a replica that takes longer is left behind. */
const POLL_TIMEOUT_MS = 2000;

/**
 * Streaming replicas (DATABASE_REPLICA_URLS) for reads that may be a little behind:
 * history scrollback, search, room lists (docs/operations.md, "Read replicas").
 *
 * How far behind a replica is, measured cheaply in the background: every poll reads
 * the primary's `pg_current_wal_lsn()` (noting when the query was sent) and each
 * replica's `pg_last_wal_replay_lsn()`. A replica that has replayed past a primary
 * sample taken at time T holds every commit acknowledged before T; that T is its
 * `caughtUpTo`. A read goes to a replica only when
 *
 * - its `caughtUpTo` is within DATABASE_REPLICA_MAX_LAG_MS of now (a lagging,
 *   stopped or unreachable replica stops advancing and so is skipped), and
 * - for read-your-writes, its `caughtUpTo` is later than the reader's last write
 *   on this node (`wrote`, called when a write request or socket event finished,
 *   so after its commit);
 *
 * otherwise, or when the read fails on the replica, on the primary. Without
 * replicas every read is the primary's, and nothing polls.
 */
@Injectable()
export class ReadReplicas implements OnApplicationShutdown {
  private readonly logger = new Logger('ReadReplicas');
  private readonly replicas: Replica[];
  private readonly maxLagMs: number;
  private readonly samples: Sample[] = [];
  /** Readers' last write on this node (ms); entries older than the lag bound are dropped (no eligible replica can miss them). */
  private readonly lastWrite = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private polling?: Promise<void>;
  private next = 0;
  private closed = false;

  constructor(
    config: AppConfig,
    private readonly statements: PreparedStatements,
    measurements: Measurements,
  ) {
    this.maxLagMs = config.get('DATABASE_REPLICA_MAX_LAG_MS');
    const urls = (config.get('DATABASE_REPLICA_URLS') ?? '')
      .split(',')
      .map((url) => url.trim())
      .filter(Boolean);
    const poolSize = config.get('DATABASE_POOL_SIZE');
    this.replicas = urls.map((url) => {
      const pool = new Pool({
        connectionString: url,
        max: poolSize,
        keepAlive: true,
        application_name: 'parley',
        types: PG_TYPES,
        connectionTimeoutMillis: POLL_TIMEOUT_MS,
      });
      const { host, pathname } = new URL(url);
      const name = `${host}${pathname}`;
      pool.on('error', (error) => this.logger.warn(`replica ${name}: ${error.message}`));
      handleConnectionErrors(pool, (message) => this.logger.warn(`replica ${name}: ${message}`));
      // Replica reads are held by row-level security as the primary's are (docs/organizations.md).
      scopeConnections(pool);
      return { name, pool, caughtUpTo: 0, down: true };
    });
    this.replicas.forEach((replica, index) => measurements.sources.replicaLag.set(String(index), () => this.lagSeconds(replica)));
    if (this.replicas.length > 0) {
      // A quarter of the bound: a caught-up replica shows a lag of one poll interval at most.
      const interval = Math.min(500, Math.max(50, Math.floor(this.maxLagMs / 4)));
      this.timer = setInterval(() => void this.poll(), interval);
      this.timer.unref();
      void this.poll();
    }
  }

  get enabled(): boolean {
    return this.replicas.length > 0;
  }

  /** `reader` finished a write (its commit is done): their reads wait for a replica that has it. */
  wrote(reader: string): void {
    if (this.replicas.length > 0) this.lastWrite.set(reader, Date.now());
  }

  /**
   * A read that may come from a replica (PreparedStatements.rows otherwise: same statement names,
   * same rows). `complete`: whether the replica's rows can be trusted as the whole answer (a
   * statement that guards itself on the replica's state); when not, the primary answers.
   */
  async rows<T extends QueryResultRow>(text: string, values: unknown[], reader: string, complete?: (rows: T[]) => boolean): Promise<T[]> {
    const replica = this.pick(reader);
    if (!replica) return this.statements.rows<T>(text, values);
    try {
      const rows = await this.statements.rows<T>(text, values, { pool: replica.pool });
      return !complete || complete(rows) ? rows : await this.statements.rows<T>(text, values);
    } catch (error) {
      // Whatever went wrong there (gone, a recovery conflict), the primary answers this one.
      replica.down = true;
      this.logger.warn(`read on replica ${replica.name} failed, served by the primary: ${(error as Error).message}`);
      return this.statements.rows<T>(text, values);
    }
  }

  /** Which server a read for `reader` would go to now: a replica's index, or null for the primary (tests, logs). */
  route(reader: string): number | null {
    const replica = this.pick(reader);
    return replica ? this.replicas.indexOf(replica) : null;
  }

  /** Resolves after a full poll round (tests: the replicas' positions are fresh). */
  async polled(): Promise<void> {
    await this.polling;
    await this.poll();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.polling?.catch(() => undefined);
    await Promise.all(this.replicas.map((replica) => replica.pool.end().catch(() => undefined)));
  }

  private pick(reader: string): Replica | undefined {
    if (this.replicas.length === 0) return undefined;
    const now = Date.now();
    const wrote = this.lastWrite.get(reader) ?? 0;
    for (let i = 0; i < this.replicas.length; i += 1) {
      const replica = this.replicas[(this.next + i) % this.replicas.length];
      if (replica.down || now - replica.caughtUpTo > this.maxLagMs || replica.caughtUpTo <= wrote) continue;
      this.next = (this.next + i + 1) % this.replicas.length;
      return replica;
    }
    return undefined;
  }

  private lagSeconds(replica: Replica): number {
    return replica.caughtUpTo === 0 ? Number.NaN : Math.max(0, Date.now() - replica.caughtUpTo) / 1000;
  }

  private poll(): Promise<void> {
    if (this.polling || this.closed) return this.polling ?? Promise.resolve();
    this.polling = this.pollOnce().finally(() => (this.polling = undefined));
    return this.polling;
  }

  private async pollOnce(): Promise<void> {
    const at = Date.now();
    try {
      const [{ lsn }] = await withTimeout(this.statements.rows<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn', []));
      this.samples.push({ at, lsn: parseLsn(lsn) });
    } catch {
      // The primary does not answer: no new sample, so no replica moves forward.
    }
    // Samples old enough that a replica caught up only to them is skipped anyway.
    while (this.samples.length > 1 && this.samples[0].at < at - this.maxLagMs - 10_000) this.samples.shift();
    for (const [reader, wroteAt] of this.lastWrite) if (wroteAt < at - this.maxLagMs) this.lastWrite.delete(reader);
    await Promise.all(this.replicas.map((replica) => this.pollReplica(replica)));
  }

  private async pollReplica(replica: Replica): Promise<void> {
    try {
      const { rows } = await withTimeout(
        replica.pool.query<{ lsn: string | null }>('SELECT CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text END AS lsn'),
      );
      const replayed = rows[0]?.lsn;
      if (!replayed) {
        // Not (or no longer) a replica: a promoted standby is not caught up with anything.
        if (!replica.down) this.logger.warn(`replica ${replica.name} is not in recovery: skipped`);
        replica.down = true;
        return;
      }
      const position = parseLsn(replayed);
      for (let i = this.samples.length - 1; i >= 0; i -= 1) {
        if (this.samples[i].lsn <= position) {
          replica.caughtUpTo = Math.max(replica.caughtUpTo, this.samples[i].at);
          break;
        }
      }
      if (replica.down) this.logger.log(`replica ${replica.name} answers: reads may go to it`);
      replica.down = false;
    } catch (error) {
      if (!replica.down) this.logger.warn(`replica ${replica.name} does not answer, skipped: ${(error as Error).message}`);
      replica.down = true;
    }
  }
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${POLL_TIMEOUT_MS} ms`)), POLL_TIMEOUT_MS);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
