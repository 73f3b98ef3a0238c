import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { runMigrationsLocked } from './run-migrations';

/** One-shot migration runner (the compose `migrate` service): DATABASE_URL is required. */
async function main(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is required to run migrations');
  const dataSource = await new DataSource(dataSourceOptions(url)).initialize();
  try {
    await runMigrationsLocked(dataSource, (line) => console.log(line));
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
