import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './src/core/database/data-source-options';

/**
 * The TypeORM DataSource for the CLI (`npm run migration:*`). It uses
 * DATABASE_URL, or else the embedded server that `npm start` keeps running
 * under DATA_DIR (its port and password are in DATA_DIR/postgres.json).
 */
function cliDatabaseUrl(): string {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  const stateFile = join(resolve(process.env.DATA_DIR ?? '.data'), 'postgres.json');
  try {
    const { port, password } = JSON.parse(readFileSync(stateFile, 'utf8')) as { port: number; password: string };
    return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/parley`;
  } catch {
    throw new Error(`Set DATABASE_URL, or run "npm start" once so the embedded server (${stateFile}) exists`);
  }
}

export default new DataSource(dataSourceOptions(cliDatabaseUrl()));
