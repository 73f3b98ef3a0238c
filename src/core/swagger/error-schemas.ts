import { ApiProperty } from '@nestjs/swagger';

// Explicit decorators: this file's name has no suffix the Swagger CLI plugin reads.

/** `{detail, code}`: every error that is not a field validation error. */
export class ErrorResponse {
  @ApiProperty({ description: 'Human-readable message.', example: 'Not found.' })
  detail: string;

  @ApiProperty({ description: 'Stable machine-readable code, e.g. `room_not_found`.', example: 'not_found', maxLength: 64, pattern: '^[a-z0-9_]+$' })
  code: string;
}

/** 429: `{detail, code, retry_after_ms}`, with the same wait in whole seconds in `Retry-After`. */
export class ThrottledResponse {
  @ApiProperty({ description: 'Human-readable message.', example: 'Request was throttled. Expected available in 12 seconds.' })
  detail: string;

  @ApiProperty({ description: '`throttled`, or `slow_mode` for a room in slow mode.', enum: ['throttled', 'slow_mode'], example: 'throttled' })
  code: 'throttled' | 'slow_mode';

  @ApiProperty({ description: 'Milliseconds until a retry can succeed.', type: Number, minimum: 0, example: 12000 })
  retry_after_ms: number;
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

/** 422: a content rule (or the pre-send hook) refused the message (docs/compliance.md). */
export class ContentBlockedResponse {
  @ApiProperty({ description: 'Human-readable message.', example: 'This message was blocked by a content rule.' })
  detail: string;

  @ApiProperty({ enum: ['content_blocked'], example: 'content_blocked' })
  code: 'content_blocked';

  @ApiProperty({ description: 'The content rule that refused the message.', type: String, format: 'uuid', nullable: true })
  rule_id: string | null;
}
