import { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';

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
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  // `{field: [message]}` has one key per invalid field: open-ended, which decorators cannot say.
  const validationError = document.components?.schemas?.ValidationErrorResponse;
  if (validationError && !('$ref' in validationError)) {
    validationError.additionalProperties = { type: 'array', items: { type: 'string' } };
  }
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
