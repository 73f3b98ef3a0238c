import { Global, Logger, Module } from '@nestjs/common';
import { AppConfig } from '../config/app-config.service';
import { AppLogger } from './app-logger';
import { loggerOptions } from './logger.options';
import { ShutdownLog } from './shutdown-log';

/** The app's one pino logger (Nest's logger and the request log); createApp installs both. */
@Global()
@Module({
  providers: [
    { provide: AppLogger, inject: [AppConfig], useFactory: (config: AppConfig) => installed(new AppLogger(loggerOptions(config))) },
    ShutdownLog,
  ],
  exports: [AppLogger],
})
export class LoggingModule {}

/**
 * In use from here on, and what Nest buffered so far written out: start-up
 * (the embedded database, migrations) is logged as it happens, not all at
 * once when the app is built.
 */
function installed(logger: AppLogger): AppLogger {
  Logger.overrideLogger(logger);
  Logger.flush();
  return logger;
}
