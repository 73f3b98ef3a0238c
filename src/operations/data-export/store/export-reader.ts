import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import { DataSource } from 'typeorm';
import { EXPORT_SECTIONS } from './export-sections';

/** What the reader yields: a section's start, then its rows in batches. */
export type ExportPart = { section: string } | { rows: object[] };

/** A section a snapshot reads: its name and its statement (whose parameters the caller gives). */
export interface SnapshotSection {
  name: string;
  sql: string;
}

/**
 * Reads export sections inside one REPEATABLE READ, READ ONLY snapshot, each through a
 * server-side cursor in batches, so memory stays flat and the sections agree with each other.
 * A user's export (`read`) and the compliance export (`snapshot`) both read through it.
 */
@Injectable()
export class ExportReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Every section of a user's data export, `$1` their id. */
  read(userId: string, batch: number): AsyncGenerator<ExportPart> {
    return this.snapshot(EXPORT_SECTIONS, [userId], batch);
  }

  /**
   * The sections' rows with the same parameters, in order, from one snapshot; `onSnapshot` hears
   * the snapshot's time (the transaction's `now()`) before the first section.
   */
  async *snapshot(
    sections: readonly SnapshotSection[],
    params: unknown[],
    batch: number,
    onSnapshot?: (at: Date) => void,
  ): AsyncGenerator<ExportPart> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const { rows } = await client.query<{ at: Date }>('SELECT now() AS at');
      onSnapshot?.(rows[0].at);
      for (const section of sections) {
        yield { section: section.name };
        const cursor = client.query(new Cursor(section.sql, params));
        try {
          for (;;) {
            const rows = await cursor.read(batch);
            if (rows.length === 0) break;
            yield { rows };
          }
        } finally {
          await cursor.close();
        }
      }
    } finally {
      await client.query('ROLLBACK').catch(() => undefined);
      await runner.release();
    }
  }
}
