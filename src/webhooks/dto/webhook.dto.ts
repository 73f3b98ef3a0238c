import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { NoNul } from '../../integrations/dto/no-nul';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUrl, IsUUID, Max, MaxLength, Min } from 'class-validator';

export const WEBHOOK_EVENTS = [
  'message.created', 'message.updated', 'message.deleted',
  'member.joined', 'member.left', 'member.updated',
  'room.created', 'room.updated', 'room.deleted',
  'invitation.created',
] as const;

export class CreateWebhookDto {
  /** Where to POST events: http(s), a public address unless WEBHOOK_ALLOW_PRIVATE=true. */
  @IsString()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @NoNul()
  url: string;

  /** Event types to receive; empty or absent = all. */
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  event_types?: string[];

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookDto {
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @NoNul()
  url?: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, required: false })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  event_types?: string[];

  @IsOptional()
  @IsBoolean()
  enabled?: boolean;
}

export class DeliveriesQuery {
  /** Keyset cursor: deliveries older than this id (the `next` link carries it). */
  @IsOptional()
  @IsUUID()
  before?: string;

  @ApiProperty({ enum: ['pending', 'delivered', 'failed'], required: false })
  @IsOptional()
  @IsIn(['pending', 'delivered', 'failed'])
  status?: 'pending' | 'delivered' | 'failed';

  /** 1..100, default 50. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;
}
