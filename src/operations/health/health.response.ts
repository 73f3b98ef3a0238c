import { ApiProperty, ApiPropertyOptions } from '@nestjs/swagger';

/** One entry per checked dependency (`database`, and `redis` in multi-node mode). */
const indicators = (description: string): ApiPropertyOptions => ({
  type: 'object',
  description,
  additionalProperties: {
    type: 'object',
    properties: { status: { type: 'string', enum: ['up', 'down'] } },
    required: ['status'],
    additionalProperties: true,
  },
});

/** The @nestjs/terminus health report: 200 when every indicator is up, 503 otherwise. */
export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'error', 'shutting_down'] })
  status: 'ok' | 'error' | 'shutting_down';

  @ApiProperty(indicators('Dependencies that are up.'))
  info: Record<string, { status: string }>;

  @ApiProperty(indicators('Dependencies that are down.'))
  error: Record<string, { status: string }>;

  @ApiProperty(indicators('Every checked dependency (`database`, and `redis` in multi-node mode).'))
  details: Record<string, { status: string }>;
}
