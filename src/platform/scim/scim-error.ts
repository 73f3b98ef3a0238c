import { DomainError } from '../../core/errors/domain-error';
import type { ErrorCode } from '../../core/errors/error-codes';

/** RFC 7644 section 3.12's `scimType` values Parley sends. */
export type ScimType = 'invalidFilter' | 'invalidSyntax' | 'invalidValue' | 'invalidPath' | 'noTarget' | 'mutability' | 'uniqueness' | 'tooMany';

/** A refusal with a SCIM `scimType` (the SCIM error filter puts it in the body). */
export class ScimError extends DomainError {
  constructor(
    code: ErrorCode,
    detail: string,
    readonly scimType?: ScimType,
  ) {
    super(code, detail);
  }

  static invalidFilter(detail: string): ScimError {
    return new ScimError('invalid', detail, 'invalidFilter');
  }

  static invalidValue(detail: string): ScimError {
    return new ScimError('invalid', detail, 'invalidValue');
  }

  static uniqueness(detail: string): ScimError {
    return new ScimError('conflict', detail, 'uniqueness');
  }

  static notFound(resource: 'User' | 'Group', id: string): ScimError {
    return new ScimError('not_found', `${resource} "${id}" not found.`);
  }
}
