import './operations/tracing/preload';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.factory';
import { AppConfig } from './core/config/app-config.service';
import type { Env } from './core/config/env.schema';
import { InvalidConfigError, validateEnv } from './core/config/validate-env';
import { assertDataDirFree, DataDirLockedError } from './core/database/data-dir-lock';
import { DatabaseUnreachableError, waitForDatabase } from './core/database/wait-for-database';
import { webAppBuilt } from './operations/web-app/serve-web-app';

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env'); // the environment wins over the file
  const env = validateEnv(process.env); // fail fast, before anything starts, with one line per problem
  await checkDatabase(env);
  const app = await createApp();
  const config = app.get(AppConfig);
  await app.listen(config.get('PORT'), config.get('HOST'));
  const bound = app.getHttpServer().address() as AddressInfo;
  const url = `http://${browsable(bound)}:${bound.port}`;
  const logger = new Logger('Parley');
  logger.log(
    `Listening on ${url}/ (bound to ${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}, pid ${process.pid}; Node.js ${[process.version, ...process.execArgv].join(' ')})`,
  );
  const web = webAppBuilt() ? `Web app: ${url}/` : 'Web app: not built (npm run web:build)';
  logger.log(`${web} | Swagger UI: ${url}/docs | API: ${url}/api/v1/... (REST) and ${url}/chat (Socket.IO)`);
}

/** The database named by DATABASE_URL answers, or the embedded one's folder is free: a mistake is one line, in seconds. */
async function checkDatabase(env: Env): Promise<void> {
  if (!env.DATABASE_URL) return assertDataDirFree(env.DATA_DIR);
  await waitForDatabase(env.DATABASE_URL, {
    attempts: env.DATABASE_CONNECT_ATTEMPTS,
    delayMs: env.DATABASE_CONNECT_RETRY_DELAY * 1000,
    log: (line) => console.error(line),
  });
}

/** A host a browser on this machine can open: the wildcard addresses mean "this machine". */
function browsable({ address, family }: AddressInfo): string {
  if (address === '0.0.0.0' || address === '::' || address === '::1') return 'localhost';
  return family === 'IPv6' ? `[${address}]` : address;
}

bootstrap().catch((error: unknown) => {
  if (error instanceof InvalidConfigError || error instanceof DataDirLockedError || error instanceof DatabaseUnreachableError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
