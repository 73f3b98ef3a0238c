import { ApiProperty } from '@nestjs/swagger';

// Explicit decorators: this file's name has no suffix the Swagger CLI plugin reads.

/** `{detail, code}`: every error that is not a field validation error. */
export class ErrorResponse {
  @ApiProperty({ description: 'Human-readable message.', example: 'Not found.' })
  detail: string;

  @ApiProperty({ description: 'Stable machine-readable code, e.g. `room_not_found`.', example: 'not_found' })
  code: string;
}

/** 400: DRF-style field errors; errors not tied to a field are under `non_field_errors`. */
export class ValidationErrorResponse {
  @ApiProperty({
    type: [String],
    required: false,
    example: ['Invalid data. Expected a dictionary, but got list.'],
  })
  non_field_errors?: string[];
}
