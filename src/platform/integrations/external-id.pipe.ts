import { Injectable, PipeTransform } from '@nestjs/common';
import { FieldValidationError } from '../../core/errors/domain-error';
import { EXTERNAL_ID } from './dto/platform.dto';

/** The platform's ids in paths: checked before any query. */
@Injectable()
export class ExternalIdPipe implements PipeTransform<string, string> {
  /** What the OpenAPI document says this parameter accepts (src/core/swagger/route-metadata.ts). */
  static readonly openApiSchema = { type: 'string', pattern: EXTERNAL_ID.source, maxLength: 255 } as const;

  transform(value: string): string {
    if (typeof value !== 'string' || !EXTERNAL_ID.test(value)) {
      throw FieldValidationError.of('external_id', 'must be 1..255 of letters, digits and _ . : @ -');
    }
    return value;
  }
}
