import { Injectable, PipeTransform } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { FieldValidationError } from '../errors/domain-error';

/** Path ids must be UUIDs: anything else is a 400 naming the parameter, before any query. */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  /** What the OpenAPI document says this parameter accepts (src/core/swagger/route-metadata.ts). */
  static readonly openApiSchema = { type: 'string', format: 'uuid', maxLength: 36 } as const;

  constructor(private readonly name = 'id') {}

  transform(value: string): string {
    if (!isUUID(value)) throw FieldValidationError.of(this.name, `"${value}" is not a valid UUID.`);
    return value.toLowerCase();
  }
}
