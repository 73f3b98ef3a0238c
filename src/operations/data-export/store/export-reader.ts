import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PoolClient } from 'pg';
import Cursor from 'pg-cursor';
import { DataSource } from 'typeorm';
import { EXPORT_SECTIONS } from './export-sections';

/** What the reader yields: a section's start, then its rows in batches. */
export type ExportPart = { section: string } | { rows: object[] };

/**
 * Reads every export section's rows of one user inside one REPEATABLE READ,
 * READ ONLY snapshot, each through a server-side cursor in batches, so memory
 * stays flat and the sections agree with each other.
 */
@Injectable()
export class ExportReader {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async *read(userId: string, batch: number): AsyncGenerator<ExportPart> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      for (const section of EXPORT_SECTIONS) {
        yield { section: section.name };
        const cursor = client.query(new Cursor(section.sql, [userId]));
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
