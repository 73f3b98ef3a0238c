import { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';
import { HttpLogger, Options, pinoHttp } from 'pino-http';

/** The logger of the request being served, so a log line written while serving it carries its request id. */
const requestLog = new AsyncLocalStorage<Logger>();

type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * Nest's own start-up narration (a line per module, controller, route and
 * socket event: about 150) goes to debug, so INFO shows the database, the
 * migrations and where to connect.
 */
const FRAMEWORK_CONTEXTS = new Set(['NestFactory', 'NestApplication', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'WebSocketsController']);

/**
 * Nest's logger on pino, with a pino-http request log. In-repo instead of
 * nestjs-pino: every nestjs-pino release for NestJS 12 requires Node >= 22.12,
 * and Parley runs on Node 20.19 (package.json `engines`).
 */
export class AppLogger implements LoggerService {
  private readonly http: HttpLogger;

  constructor(options: Options) {
    this.http = pinoHttp(options);
  }

  /** The root pino logger. */
  get pino(): Logger {
    return this.http.logger;
  }

  /** Express middleware: logs the request when it ends and scopes logs written meanwhile to it. */
  readonly middleware = (req: Request, res: Response, next: NextFunction): void => {
    this.http(req, res);
    requestLog.run((req as Request & { log: Logger }).log, next);
  };

  verbose(message: unknown, ...params: unknown[]): void {
    this.call('trace', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.call('debug', message, params);
  }
  log(message: unknown, ...params: unknown[]): void {
    this.call(FRAMEWORK_CONTEXTS.has(params[params.length - 1] as string) ? 'debug' : 'info', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.call('warn', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.call('error', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.call('fatal', message, params);
  }

  /** Nest passes the context name last; its exception handlers pass (message, stack, context). */
  private call(level: Level, message: unknown, params: unknown[]): void {
    const logger = requestLog.getStore() ?? this.http.logger;
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    if (rest.length > 0 && typeof rest[rest.length - 1] === 'string') fields.context = rest.pop();
    if (level === 'error' && typeof message === 'string' && typeof rest[0] === 'string' && /\n\s*at /.test(rest[0])) {
      fields.err = Object.assign(new Error(message), { stack: rest.shift() as string });
      logger[level](fields);
    } else if (message instanceof Error) {
      logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      logger[level]({ ...fields, ...message });
    } else {
      logger[level](fields, String(message), ...rest);
    }
  }
}
