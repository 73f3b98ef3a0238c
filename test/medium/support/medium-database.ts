import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../../src/core/database/data-source-options';
import { runMigrationsLocked } from '../../../src/core/database/run-migrations';
import { createTestDatabase } from '../../support/test-database';

export interface MediumDatabase {
  dataSource: DataSource;
  close(): Promise<void>;
}

/**
 * A fresh database on the run's server (as an e2e file gets), migrated to the
 * app's schema and opened as the app opens it, with no app around it: a medium
 * spec builds the repositories and services it needs on this DataSource.
 */
export async function openMediumDatabase(poolSize = 4): Promise<MediumDatabase> {
  const database = await createTestDatabase();
  const dataSource = await new DataSource(dataSourceOptions(database.url, poolSize)).initialize();
  try {
    await runMigrationsLocked(dataSource);
  } catch (error) {
    await dataSource.destroy();
    await database.drop();
    throw error;
  }
  return {
    dataSource,
    async close() {
      await dataSource.destroy();
      await database.drop();
    },
  };
}
