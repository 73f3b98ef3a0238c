import type { OpenAPIObject } from '@nestjs/swagger';
import type { RouteFacts } from './route-metadata';
import { addStandardResponses } from './standard-responses';
import { TAG_DESCRIPTIONS } from './tags';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
/** Characters in a UUID's text form: the bound is real wherever the format is (UuidPipe, IsUUID). */
const UUID_LENGTH = 36;

/**
 * What the decorators cannot say, added in one place after Swagger built the document
 * (docs/API.md, "Linting the OpenAPI document", says why each step is here).
 */
export function completeDocument(document: OpenAPIObject, facts: Map<string, RouteFacts>): void {
  document.info.license ??= { name: 'UNLICENSED (private)' };
  const tags = new Set<string>();
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.tags?.forEach((tag) => tags.add(tag));
      // No requirement at all: the route is public (login, register, refresh, health), said explicitly.
      operation.security ??= [];
    }
  }
  document.tags = [...tags].sort().map((name) => ({ name, ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}) }));
  addStandardResponses(document, facts);
  boundUuids(document);
  // Swagger UI pre-fills a body from the schema: made-up ids in attachments or reply_to_id answer 400.
  const sendMessage = document.components?.schemas?.SendMessageDto;
  if (sendMessage && !('$ref' in sendMessage)) sendMessage.example = { content: 'Hello, room!' };
  // `{field: [message]}` has one key per invalid field: open-ended, which decorators cannot say.
  const validationError = document.components?.schemas?.ValidationErrorResponse;
  if (validationError && !('$ref' in validationError)) {
    validationError.additionalProperties = { type: 'array', items: { type: 'string' } };
  }
}

function boundUuids(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(boundUuids);
  if (node === null || typeof node !== 'object') return;
  const schema = node as Record<string, unknown>;
  if (schema.type === 'string' && schema.format === 'uuid' && schema.maxLength === undefined) schema.maxLength = UUID_LENGTH;
  Object.values(schema).forEach(boundUuids);
}
