import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { AppConfig } from './config/app-config.service';
import { InvalidConfigError } from './config/validate-env';

async function bootstrap(): Promise<void> {
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
