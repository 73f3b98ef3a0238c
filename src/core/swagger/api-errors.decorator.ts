import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ContentBlockedResponse, ErrorResponse, ThrottledResponse, ValidationErrorResponse } from './error-schemas';

export const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `{field: [message]}` (ValidationErrorResponse), or `{detail, code}` for a malformed body (`parse_error`).',
  401: 'Missing, invalid or expired token (`not_authenticated`, `token_not_valid`).',
  403: 'Not allowed (`permission_denied`, `room_access_denied`, `banned`; `account_suspended` for a suspended user).',
  404: 'No such object, or a page past the end (`*_not_found`, `not_found`).',
  409: 'Conflicts with the current state (`username_taken`, `already_in_room`, ...).',
  410: 'Gone for good (`export_expired`: a compliance export whose archive was removed).',
  413: 'Body over the configured limit (`payload_too_large`).',
  415: 'Not an accepted content type (`unsupported_media_type`).',
  416: 'The byte range starts past the end (`range_not_satisfiable`), with `Content-Range: bytes */<size>`.',
  422: 'A content rule refused the message (`content_blocked`, with the rule in `rule_id`).',
  429: 'Throttled (`throttled`, or `slow_mode`), with `Retry-After` in seconds and `retry_after_ms`.',
  500: 'An unexpected server error (`server_error`); nothing internal is in the body.',
  502: 'A system Parley called (an LTI platform) answered with something unusable (`lti_platform_failed`).',
};

/** The schema of the error body the contract sends with this status. */
export function errorSchemaFor(status: number) {
  if (status === 400) return { anyOf: [{ $ref: getSchemaPath(ValidationErrorResponse) }, { $ref: getSchemaPath(ErrorResponse) }] };
  if (status === 429) return { $ref: getSchemaPath(ThrottledResponse) };
  if (status === 422) return { $ref: getSchemaPath(ContentBlockedResponse) };
  return { $ref: getSchemaPath(ErrorResponse) };
}

/** Documents the contract's error bodies for the given statuses. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ErrorResponse, ThrottledResponse, ValidationErrorResponse, ContentBlockedResponse),
    ...statuses.map((status) => ApiResponse({ status, description: ERROR_DESCRIPTIONS[status], schema: errorSchemaFor(status) })),
  );
}
