import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiParam, ApiQuery, ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger';
import { SCIM_ERROR } from '../dto/scim-openapi';
import { SCIM_MEDIA_TYPE } from './scim-error.filter';

const REFUSALS: Record<number, string> = {
  400: 'Invalid input (`scimType`: invalidFilter, invalidSyntax, invalidValue, invalidPath, noTarget, tooMany).',
  401: 'No API key, or an unknown or revoked one.',
  403: 'The API key lacks the `scim` scope.',
  404: "No such resource in the API key's organization.",
  409: 'userName is taken (`scimType`: uniqueness).',
  412: 'If-Match does not name the current version (meta.version).',
  429: "Throttled: the API key's budget is spent (Retry-After).",
};

/** A SCIM answer: `application/scim+json`, the success schema and the SCIM error body for each refusal. */
export function ScimAnswers(status: number, schema: SchemaObject | null, ...refusals: number[]) {
  const content = (s: SchemaObject) => ({ [SCIM_MEDIA_TYPE]: { schema: s } });
  return applyDecorators(
    ApiResponse({ status, description: status === 204 ? 'Done.' : 'The resource.', ...(schema ? { content: content(schema) } : {}) }),
    ...[401, 403, 429, ...refusals].map((s) => ApiResponse({ status: s, description: REFUSALS[s], content: content(SCIM_ERROR) })),
  );
}

export const ScimBody = (schema: SchemaObject) => ApiBody({ schema, required: true });

/** The list parameters of RFC 7644 section 3.4.2. */
export function ScimListQuery() {
  return applyDecorators(
    ApiQuery({
      name: 'filter',
      required: false,
      schema: { type: 'string', maxLength: 2000 },
      description: 'eq, ne, co, sw, ew, pr, gt, ge, lt, le, and, or, not (docs/scim.md).',
    }),
    ApiQuery({ name: 'startIndex', required: false, schema: { type: 'string', maxLength: 12 }, description: '1-based.' }),
    ApiQuery({ name: 'count', required: false, schema: { type: 'string', maxLength: 12 }, description: 'At most 200.' }),
  );
}

export const ScimIfMatch = () =>
  ApiHeader({ name: 'If-Match', required: false, schema: { type: 'string', maxLength: 200 }, description: 'meta.version; a mismatch is 412.' });

/** A resource's id: a UUID (anything else is a 404, as an unknown id is). */
export const ScimId = () => ApiParam({ name: 'id', schema: { type: 'string', format: 'uuid', maxLength: 36 } });
