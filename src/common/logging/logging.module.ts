import { Global, Module } from '@nestjs/common';
import { AppConfig } from '../../config/app-config.service';
import { AppLogger } from './app-logger';
import { loggerOptions } from './logger.options';
import { ShutdownLog } from './shutdown-log';

/** The app's one pino logger (Nest's logger and the request log); createApp installs both. */
@Global()
@Module({
  providers: [
    { provide: AppLogger, inject: [AppConfig], useFactory: (config: AppConfig) => new AppLogger(loggerOptions(config)) },
    ShutdownLog,
  ],
  exports: [AppLogger],
})
export class LoggingModule {}
