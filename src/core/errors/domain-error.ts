import { ErrorCode } from './error-codes';

/** An error with a stable code; the transport filters turn it into the contract's body. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
  ) {
    super(detail);
    this.name = 'DomainError';
  }
}

/** 400 with DRF-style field errors: `{field: [message]}`, `non_field_errors` for the rest. */
export class FieldValidationError extends Error {
  constructor(readonly fields: Record<string, string[]>) {
    super('Invalid input.');
    this.name = 'FieldValidationError';
  }

  static of(field: string, message: string): FieldValidationError {
    return new FieldValidationError({ [field]: [message] });
  }
}

export class ThrottledError extends DomainError {
  constructor(
    readonly retryAfterSeconds: number,
    code: 'throttled' | 'slow_mode' = 'throttled',
    detail = `Request was throttled. Expected available in ${retryAfterSeconds} seconds.`,
    readonly retryAfterMs = retryAfterSeconds * 1000,
  ) {
    super(code, detail);
  }
}

/** A content rule (docs/compliance.md) refused a message: the body and the socket ack carry `rule_id`. */
export class ContentBlockedError extends DomainError {
  constructor(
    readonly ruleId: string | null,
    detail = 'This message was blocked by a content rule.',
  ) {
    super('content_blocked', detail);
  }
}

export const notAuthenticated = () => new DomainError('not_authenticated', 'Authentication credentials were not provided.');
export const tokenNotValid = () => new DomainError('token_not_valid', 'Given token not valid for any token type');
export const permissionDenied = (detail = 'You do not have permission to perform this action.') => new DomainError('permission_denied', detail);
