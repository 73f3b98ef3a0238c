import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { AppModule } from './app.module';
import { toErrorBody } from './core/errors/error-body';
import { hardenHttpServer, refuseOversizedBody, requireHost, sizeToBytes } from './core/http/http-server-limits';
import { jsonTextTooDeep } from './core/input/json-depth';
import { tooDeep } from './core/input/storable-input';
import { AppLogger } from './core/logging/app-logger';
import { serveAsyncApi, setupSwagger } from './core/swagger/setup-swagger';
import { AppConfig } from './core/config/app-config.service';
import { ChatIoAdapter } from './conversations/realtime/chat-io.adapter';
import { StreamAdapterLink } from './conversations/realtime/stream-adapter-link';
import { healthNotFound } from './operations/health/health-not-found';
import { serveWebApp } from './operations/web-app/serve-web-app';
import { serveMetrics } from './operations/metrics/serve-metrics';
import { SCIM_MEDIA_TYPE, SCIM_PREFIX, scimErrorBody } from './platform/scim/http/scim-error.filter';
import { tagRequestId, tracingOn } from './core/tracing/tracing';
import { DEFAULT_ORGANIZATION_ID, OrganizationScope } from './core/database/organization-scope';
import { ReadReplicas } from './core/database/read-replicas';
import { ReadYourWritesInterceptor } from './core/database/read-your-writes.interceptor';

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
  if (tracingOn()) app.use(tagRequestId);
  serveMetrics(app);
  app.set('trust proxy', config.get('TRUST_PROXY'));
  hardenHttpServer(app.getHttpServer(), {
    headers: config.get('HTTP_HEADERS_TIMEOUT'),
    request: config.get('HTTP_REQUEST_TIMEOUT'),
    keepAlive: config.get('HTTP_KEEP_ALIVE_TIMEOUT'),
  });
  app.use(requireHost);
  // The upload route streams its body under UPLOAD_MAX_BYTES (src/conversations/uploads/multipart-receiver.ts); every other body is JSON under BODY_LIMIT.
  app.use(refuseOversizedBody(sizeToBytes(config.get('BODY_LIMIT')), isUploadRequest));
  app.use(helmet({ contentSecurityPolicy: { directives: { 'upgrade-insecure-requests': null } } }));
  app.enableCors({
    origin: config.get('CORS_ORIGINS').includes('*') ? true : config.get('CORS_ORIGINS'),
    exposedHeaders: ['X-Request-ID', 'Retry-After'],
  });
  app.use(requireJsonBody, express.json({ limit: config.get('BODY_LIMIT'), verify: refuseDeepJson, type: JSON_TYPES }), bodyErrors);
  // Form posts only where another system sends one (isFormPost).
  const forms = express.urlencoded({ extended: false, limit: config.get('BODY_LIMIT'), parameterLimit: 100 });
  app.use((req: Request, res: Response, next: NextFunction) => (isFormPost(req) ? forms(req, res, next) : next()), bodyErrors);
  // After the body parsers (their stream callbacks would leave the scope): a request acts in the default
  // organization until its token, API key or sign-in names another (docs/organizations.md).
  app.use((_req: Request, _res: Response, next: NextFunction) => OrganizationScope.run(DEFAULT_ORGANIZATION_ID, next));
  // SCIM clients are configured with a tenant URL ending in /scim/v2 (RFC 7644 section 3.1; docs/scim.md).
  // Read-your-writes matters only with read replicas; without, routes run with no interceptor (docs/performance.md).
  if (app.get(ReadReplicas).enabled) app.useGlobalInterceptors(app.get(ReadYourWritesInterceptor));
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health/live', 'health/ready', 'scim/v2/{*path}'] });
  app.useWebSocketAdapter(new ChatIoAdapter(app, config, app.get(StreamAdapterLink)));
  setupSwagger(app);
  serveAsyncApi(app);
  serveWebApp(app, undefined, config.get('LTI_FRAME_ANCESTORS'));
  app.use(healthNotFound);
  // process.exit after the hooks (not a re-raised signal) lets pino's transport flush the shutdown log.
  app.enableShutdownHooks(undefined, { useProcessExit: true });
  return app;
}

/** The one route that takes a multipart body, streamed by its own handler (src/conversations/uploads/multipart-receiver.ts). */
const UPLOAD_ROUTE = new RegExp(`^/${API_PREFIX}/uploads/?$`);

function isUploadRequest(req: Request): boolean {
  return req.method === 'POST' && UPLOAD_ROUTE.test(req.path) && Boolean(req.is('multipart/form-data'));
}

/** RFC 8058 one-click unsubscribe: mail clients POST `List-Unsubscribe=One-Click` form-encoded (the route reads only its query). */
const UNSUBSCRIBE_ROUTE = new RegExp(`^/${API_PREFIX}/notifications/unsubscribe/?$`);

function isOneClickUnsubscribe(req: Request): boolean {
  return req.method === 'POST' && UNSUBSCRIBE_ROUTE.test(req.path) && Boolean(req.is('application/x-www-form-urlencoded'));
}

/** JSON bodies: SCIM clients send theirs as application/scim+json (RFC 7644 section 3.1). */
const JSON_TYPES = ['application/json', 'application/scim+json'];

/**
 * The routes another system posts a form to: an identity provider's OIDC back-channel logout and
 * SAML assertion consumer service (docs/sign-in.md), and LTI 1.3's login initiation, launch and
 * deep-linking choice, posted by an LMS or its page (docs/lti.md).
 */
const FORM_ROUTES = [
  new RegExp(`^/${API_PREFIX}/auth/(oidc/[^/]+/backchannel-logout|saml/[^/]+/acs)/?$`),
  new RegExp(`^/${API_PREFIX}/lti/[^/]+/(login|launch|deep-linking)/?$`),
];

function isFormPost(req: Request): boolean {
  return req.method === 'POST' && FORM_ROUTES.some((route) => route.test(req.path)) && Boolean(req.is('application/x-www-form-urlencoded'));
}

/** A body that is not JSON is 415, as in DRF (multipart only on the upload route). */
function requireJsonBody(req: Request, res: Response, next: NextFunction): void {
  const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (hasBody && !isUploadRequest(req) && !isOneClickUnsubscribe(req) && !isFormPost(req) && !req.is(JSON_TYPES)) {
    const { status, body } = toErrorBody({ status: 415 });
    sendError(req, res, null, status, { ...body, detail: `Unsupported media type "${req.get('content-type') ?? ''}" in request.` });
    return;
  }
  next();
}

/** Deep nesting is refused from the raw bytes, before JSON.parse and any recursive work. */
function refuseDeepJson(_req: Request, _res: Response, body: Buffer): void {
  if (jsonTextTooDeep(body)) throw tooDeep();
}

/** Body-parser failures (malformed JSON, over BODY_LIMIT) in the contract's shape. */
function bodyErrors(error: unknown, req: Request, res: Response, _next: NextFunction): void {
  const { status, body } = toErrorBody(error);
  sendError(req, res, error, status, body);
}

/** A refusal before any route ran, in the format of the route asked for: SCIM's under /scim/v2 (docs/scim.md), else the contract's. */
function sendError(req: Request, res: Response, error: unknown, status: number, body: Record<string, unknown>): void {
  if (req.path.startsWith(SCIM_PREFIX))
    res
      .status(status)
      .type(SCIM_MEDIA_TYPE)
      .send(JSON.stringify(scimErrorBody(error, status, body)));
  else res.status(status).json(body);
}
