import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';
import { ERROR_DESCRIPTIONS, errorSchemaFor } from './api-errors.decorator';
import type { RouteFacts } from './route-metadata';

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** One example body per error status: the server's own texts (error-body.ts), not one example for all. */
const ERROR_EXAMPLES: Record<number, object> = {
  400: { content: ['This field may not be blank.'] },
  401: { detail: 'Authentication credentials were not provided.', code: 'not_authenticated' },
  403: { detail: 'You do not have permission to perform this action.', code: 'permission_denied' },
  404: { detail: 'Not found.', code: 'not_found' },
  409: { detail: 'You are already a member of this room.', code: 'already_in_room' },
  413: { detail: 'Request body is larger than the configured limit.', code: 'payload_too_large' },
  415: { detail: 'Unsupported media type in request.', code: 'unsupported_media_type' },
  429: { detail: 'Request was throttled. Expected available in 12 seconds.', code: 'throttled', retry_after_ms: 12000 },
  500: { detail: 'A server error occurred.', code: 'server_error' },
};

const SUCCESS_DESCRIPTIONS: Record<string, string> = { '200': 'OK.', '201': 'Created.', '202': 'Accepted.', '204': 'Done; no body.' };

/** Headers the app really sends, referenced from the responses that carry them. */
export const STANDARD_HEADERS = {
  'Retry-After': {
    description: 'Seconds to wait before retrying (the body has the exact wait in `retry_after_ms`).',
    schema: { type: 'string', pattern: '^[0-9]{1,10}$', maxLength: 10, example: '12' },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in the current window of this budget (per client IP for login and register, per key for API keys).',
    schema: { type: 'string', pattern: '^[0-9]{1,10}$', maxLength: 10, example: '9' },
  },
  'Access-Control-Allow-Origin': {
    description: "Sent when the request's `Origin` is one of `CORS_ORIGINS` (any origin when it is `*`).",
    schema: { type: 'string', example: 'https://app.example.com' },
  },
};
const header = (name: keyof typeof STANDARD_HEADERS) => ({ $ref: `#/components/headers/${name}` });

/** The error answers every route shares, once in components.responses and referenced by status. */
const SHARED_RESPONSES: Record<number, string> = {
  400: 'InvalidInput',
  401: 'NotAuthenticated',
  403: 'PermissionDenied',
  404: 'NotFound',
  409: 'Conflict',
  413: 'PayloadTooLarge',
  415: 'UnsupportedMediaType',
  429: 'Throttled',
  500: 'ServerError',
};

/**
 * Every operation documents what the whole app can answer, not only what its handler throws:
 * 400 (any request can carry a malformed JSON body, parsed before routing), 401 and 403 behind a
 * token (403 `account_suspended` for a suspended user, docs/compliance.md), and 500. The standard error answers are shared components with an example of their own status
 * (and Retry-After on 429); an operation's own error text stays inline.
 */
export function addStandardResponses(document: OpenAPIObject, facts: Map<string, RouteFacts>): void {
  const shared = Object.entries(SHARED_RESPONSES).map(([status, name]) => [name, errorResponse(Number(status))]);
  document.components = {
    ...document.components,
    headers: { ...document.components?.headers, ...STANDARD_HEADERS },
    responses: { ...document.components?.responses, ...Object.fromEntries(shared) },
  };
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (operation) completeOperation(operation, facts.get(operation.operationId ?? ''));
    }
  }
}

function errorResponse(status: number): ResponseObject {
  return {
    description: ERROR_DESCRIPTIONS[status],
    ...(status === 429
      ? { headers: { 'Retry-After': header('Retry-After'), 'Access-Control-Allow-Origin': header('Access-Control-Allow-Origin') } }
      : {}),
    content: { 'application/json': { schema: errorSchemaFor(status), example: ERROR_EXAMPLES[status] } },
  };
}

const sharedRef = (status: number) => ({ $ref: `#/components/responses/${SHARED_RESPONSES[status]}` });

/** Made by ApiErrors: the shared answer says the same. */
function isStandard(status: number, response: ResponseObject): boolean {
  const schema = response.content?.['application/json']?.schema;
  return (
    response.description === ERROR_DESCRIPTIONS[status] && JSON.stringify(schema) === JSON.stringify(errorSchemaFor(status)) && !response.headers
  );
}

function completeOperation(operation: OperationObject, facts: RouteFacts | undefined): void {
  const responses = operation.responses as Record<string, ResponseObject | { $ref: string }>;
  const required = [400, 500, ...(operation.security?.some((requirement) => Object.keys(requirement).length) ? [401, 403] : [])];
  for (const [status, response] of Object.entries(responses)) {
    if (!('$ref' in response) && SHARED_RESPONSES[Number(status)] && isStandard(Number(status), response))
      responses[status] = sharedRef(Number(status));
  }
  for (const status of required) responses[status] ??= sharedRef(status);
  for (const [status, response] of Object.entries(responses)) {
    if ('$ref' in response) continue;
    if (!response.description) response.description = SUCCESS_DESCRIPTIONS[status] ?? ERROR_DESCRIPTIONS[Number(status)] ?? '';
    const json = response.content?.['application/json'];
    if (json && ERROR_EXAMPLES[Number(status)] && json.example === undefined) json.example = ERROR_EXAMPLES[Number(status)];
    if (status === '429') response.headers = errorResponse(429).headers;
    if (/^2/.test(status) && facts?.sendsRateLimitRemaining) {
      response.headers = {
        'X-RateLimit-Remaining': header('X-RateLimit-Remaining'),
        'Access-Control-Allow-Origin': header('Access-Control-Allow-Origin'),
      };
    }
  }
  for (const parameter of operation.parameters ?? []) {
    const schema = 'in' in parameter && parameter.in === 'path' ? facts?.pathParams.get(parameter.name) : undefined;
    if (schema && 'schema' in parameter) parameter.schema = { ...parameter.schema, ...schema };
  }
}
