import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { completeDocument } from './complete-document';
import { routeFacts } from './route-metadata';
import { addNamedSchemas } from './named-schemas';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Parley API')
    .setDescription(
      'Chat rooms for corporate and LMS frontends. Errors follow Django REST Framework: ' +
        '`{detail, code}`, or `{field: [message]}` for invalid input. The API guide (auth flow, ' +
        'paging, limits, error codes) is docs/API.md in the repository; the Socket.IO API is ' +
        '[/docs/asyncapi.yaml](/docs/asyncapi.yaml).',
    )
    .setVersion('1')
    // Relative: the paths already carry /api/v1, and the document is served by the server it describes.
    .addServer(
      '/',
      'This Parley server, the one serving this document (local, staging or production alike).',
      {},
      {
        'x-internal': false,
      },
    )
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
      description:
        "A user's access token: Parley's own (POST /auth/login), or one of the platform's identity provider when configured. " +
        "Verified as RFC8725 advises: a fixed list of algorithms (HS256 for Parley's own; the configured asymmetric ones " +
        "and the provider's published keys otherwise), never `none` nor an algorithm chosen by the token; issuer and audience " +
        "pinned; expiry checked; Parley's own tokens explicitly typed (`typ: access`) and bound to a live login session.",
    })
    .addApiKey(
      { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'A platform API key (`pk_...`); `Authorization: Bearer pk_...` works too.' },
      'api_key',
    )
    .build();
  const document = SwaggerModule.createDocument(app, config);
  addNamedSchemas(document);
  completeDocument(document, routeFacts(app));
  return document;
}

/** Swagger UI at /docs, the OpenAPI JSON at /docs-json. */
export function setupSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    swaggerOptions: { persistAuthorization: true },
  });
}

/** The hand-kept AsyncAPI document of the Socket.IO API, at /docs/asyncapi.yaml (validated in a test). */
export function serveAsyncApi(app: NestExpressApplication): void {
  const file = join(process.cwd(), 'docs', 'asyncapi.yaml');
  if (!existsSync(file)) return;
  const text = readFileSync(file, 'utf8');
  app.use('/docs/asyncapi.yaml', (_req: unknown, res: { type(t: string): { send(b: string): void } }) => res.type('application/yaml').send(text));
}
