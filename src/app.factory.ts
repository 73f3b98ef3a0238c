import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { toErrorBody } from './common/errors/error-body';
import { AppLogger } from './common/logging/app-logger';
import { serveAsyncApi, setupSwagger } from './common/swagger/setup-swagger';
import { AppConfig } from './config/app-config.service';
import { ChatIoAdapter } from './gateway/chat-io.adapter';
import { REDIS, RedisClient } from './redis/redis.module';
import { serveWebApp } from './web/serve-web-app';

export const API_PREFIX = 'api/v1';

/** Builds the configured application; main.ts and the e2e tests share it. */
export async function createApp(overrides: Record<string, string> = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(overrides), {
    bodyParser: false,
    bufferLogs: true,
  });
  const config = app.get(AppConfig);
  const logger = app.get(AppLogger);
  app.useLogger(logger);
  app.use(logger.middleware);
  app.set('trust proxy', config.get('TRUST_PROXY'));
  app.use(helmet({ contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } } }));
  app.enableCors({
    origin: config.get('CORS_ORIGINS').includes('*') ? true : config.get('CORS_ORIGINS'),
    exposedHeaders: ['X-Request-ID', 'Retry-After'],
  });
  app.use(requireJsonBody, express.json({ limit: config.get('BODY_LIMIT') }), bodyErrors);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready'] });
  app.useWebSocketAdapter(new ChatIoAdapter(app, config, app.get<RedisClient>(REDIS)));
  setupSwagger(app);
  serveAsyncApi(app);
  serveWebApp(app);
  // process.exit after the hooks (not a re-raised signal) lets pino's transport flush the shutdown log.
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  return app;
}

/** A body that is not JSON is 415, as in DRF. */
function requireJsonBody(req: Request, res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !req.is('application/json')) {
    const { status, body } = toErrorBody({ status: 415 });
    res.status(status).json({ ...body, detail: `Unsupported media type "${req.get('content-type') ?? ''}" in request.` });
    return;
  }
  next();
}

/** Body-parser failures (malformed JSON, over BODY_LIMIT) in the contract's shape. */
function bodyErrors(error: unknown, _req: Request, res: Response, _next: NextFunction): void {
  const { status, body } = toErrorBody(error);
  res.status(status).json(body);
}
