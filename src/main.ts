import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { createApp } from './app.factory';
import { AppConfig } from './config/app-config.service';
import { InvalidConfigError, validateEnv } from './config/validate-env';

async function bootstrap(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env'); // the environment wins over the file
  validateEnv(process.env); // fail fast, before anything starts, with one line per problem
  const app = await createApp();
  const config = app.get(AppConfig);
  await app.listen(config.get('PORT'), config.get('HOST'));
  const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('0.0.0.0', 'localhost');
  new Logger('Parley').log(`Listening on ${url}/api/v1 (Swagger UI: ${url}/docs)`);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof InvalidConfigError) {
    console.error(error.message);
  } else {
    console.error(error);
  }
  process.exit(1);
});
