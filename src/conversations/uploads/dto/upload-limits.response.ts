import { ApiProperty } from '@nestjs/swagger';

/** What `POST /uploads` and a message's `attachments` accept on this server, for a client to say so before it tries. */
export class UploadLimitsResponse {
  @ApiProperty({
    description: 'The largest file, in bytes (UPLOAD_MAX_BYTES); a bigger one is refused with 413 payload_too_large.',
    example: 26214400,
  })
  max_bytes: number;
  @ApiProperty({ description: 'The most files one message carries (`attachments`).', example: 10 })
  max_files_per_message: number;
  @ApiProperty({
    type: [String],
    description:
      'Accepted media types as sniffed from the bytes (UPLOAD_ALLOWED_TYPES): `type/subtype`, or `type/*` for a whole family; anything else is refused with 415.',
    example: ['image/png', 'application/pdf', 'audio/*'],
  })
  allowed_types: string[];
  @ApiProperty({ description: 'Uploads a user may make per `rate_window_seconds` (UPLOAD_RATE_LIMIT); past it 429.', example: 30 })
  rate_limit: number;
  @ApiProperty({ description: 'UPLOAD_RATE_WINDOW in seconds.', example: 60 })
  rate_window_seconds: number;
}
