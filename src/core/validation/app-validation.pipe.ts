import { ArgumentMetadata, Injectable, PipeTransform, ValidationPipe } from '@nestjs/common';
import { FieldValidationError } from '../errors/domain-error';
import { assertStorableInput } from '../input/storable-input';
import { toFieldErrors } from './validation-errors';
import { ValidatedQueries } from './validated-queries';

const exceptionFactory = (errors: Parameters<typeof toFieldErrors>[0]) => new FieldValidationError(toFieldErrors(errors));

/**
 * Bodies reject unknown fields (no mass assignment); query strings ignore
 * them, as DRF does, so cache busters and tracking parameters do no harm.
 */
@Injectable()
export class AppValidationPipe implements PipeTransform {
  private readonly body = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory,
  });
  private readonly lenient = new ValidationPipe({
    whitelist: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory,
  });

  /** Query DTOs are validated once per query string (ValidatedQueries: the same few come again and again). */
  private readonly queries = new ValidatedQueries();

  async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Custom parameters (the caller, the checked room, the URL) are the server's own: not validated (as ValidationPipe leaves them).
    if (metadata.type === 'custom') return value;
    if (metadata.type === 'query' && metadata.data === undefined && isDtoClass(metadata.metatype)) {
      const metatype = metadata.metatype as new () => object;
      const key = ValidatedQueries.keyOf(value);
      return this.queries.get(metatype, key) ?? this.queries.remember(metatype, key, (await this.check(value, metadata)) as object);
    }
    return this.check(value, metadata);
  }

  private async check(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Everything the client sent passes the shared input rule.
    assertStorableInput(value, metadata.data ?? 'non_field_errors');
    if (metadata.type === 'body') {
      // No body at all reads as `{}`, as in DRF: optional-only DTOs (`POST /rooms/{id}/read`) accept it,
      // others answer "This field is required." per field.
      if (value === undefined && isDtoClass(metadata.metatype)) value = {};
      if (isDtoClass(metadata.metatype) && (typeof value !== 'object' || value === null || Array.isArray(value))) {
        throw FieldValidationError.of(
          'non_field_errors',
          `Invalid data. Expected a dictionary, but got ${Array.isArray(value) ? 'list' : typeof value}.`,
        );
      }
      return this.body.transform(value, metadata);
    }
    return this.lenient.transform(value, metadata);
  }
}

function isDtoClass(metatype: unknown): boolean {
  return typeof metatype === 'function' && ![String, Boolean, Number, Array, Object].includes(metatype as never);
}
