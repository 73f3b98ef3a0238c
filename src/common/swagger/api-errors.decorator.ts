import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ErrorResponse, ValidationErrorResponse } from './error-schemas';

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input: `{field: [message]}` (ValidationErrorResponse), or `{detail, code}` for a malformed body (`parse_error`).',
  401: 'Missing, invalid or expired token (`not_authenticated`, `token_not_valid`).',
  403: 'Not allowed (`permission_denied`, `room_access_denied`, `banned`).',
  404: 'No such object, or a page past the end (`*_not_found`, `not_found`).',
  409: 'Conflicts with the current state (`username_taken`, `already_in_room`, ...).',
  413: 'Body over the configured limit (`payload_too_large`).',
  429: 'Throttled (`throttled`), with `Retry-After`.',
};

/** Documents the contract's error bodies for the given statuses. */
export function ApiErrors(...statuses: number[]) {
  return applyDecorators(
    ApiExtraModels(ErrorResponse, ValidationErrorResponse),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status],
        schema:
          status === 400
            ? { anyOf: [{ $ref: getSchemaPath(ValidationErrorResponse) }, { $ref: getSchemaPath(ErrorResponse) }] }
            : { $ref: getSchemaPath(ErrorResponse) },
      }),
    ),
  );
}
