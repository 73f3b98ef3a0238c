import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.factory';
import { AppConfig } from './config/app-config.service';
import { InvalidConfigError, validateEnv } from './config/validate-env';
import { assertDataDirFree, DataDirLockedError } from './database/data-dir-lock';

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env'); // the environment wins over the file
  const env = validateEnv(process.env); // fail fast, before anything starts, with one line per problem
  if (!env.DATABASE_URL) assertDataDirFree(env.DATA_DIR); // one clear line instead of a failed PostgreSQL start
  const app = await createApp();
  const config = app.get(AppConfig);
  await app.listen(config.get('PORT'), config.get('HOST'));
  const bound = app.getHttpServer().address() as AddressInfo;
  const url = `http://${browsable(bound)}:${bound.port}`;
  new Logger('Parley').log(
    `Listening on ${url}/api/v1 (bound to ${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}, pid ${process.pid}; Node.js ${[process.version, ...process.execArgv].join(' ')}; Swagger UI: ${url}/docs)`,
  );
}

/** A host a browser on this machine can open: the wildcard addresses mean "this machine". */
function browsable({ address, family }: AddressInfo): string {
  if (address === '0.0.0.0' || address === '::' || address === '::1') return 'localhost';
  return family === 'IPv6' ? `[${address}]` : address;
}

bootstrap().catch((error: unknown) => {
  if (error instanceof InvalidConfigError || error instanceof DataDirLockedError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
