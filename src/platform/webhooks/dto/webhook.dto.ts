import { Optional } from '../../../core/validation/fields';
import { ApiProperty } from '@nestjs/swagger';
import { IdCursorQuery } from '../../../core/pagination/id-cursor.query';
import { NoNul } from '../../integrations/dto/no-nul';
import { WEBHOOK_EVENTS } from '../../../core/events/event-map';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, IsUrl, MaxLength } from 'class-validator';

export { WEBHOOK_EVENTS } from '../../../core/events/event-map';

export class CreateWebhookDto {
  /** Where to POST events: http(s), a public address unless WEBHOOK_ALLOW_PRIVATE=true. */
  @IsString()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @NoNul()
  url: string;

  /** Event types to receive; empty or absent = all. */
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, required: false, maxItems: WEBHOOK_EVENTS.length })
  @Optional()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  event_types?: string[];

  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

export class UpdateWebhookDto {
  @Optional()
  @IsString()
  @MaxLength(2048)
  @IsUrl({ protocols: ['http', 'https'], require_protocol: true, require_tld: false })
  @NoNul()
  url?: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, required: false, maxItems: WEBHOOK_EVENTS.length })
  @Optional()
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  event_types?: string[];

  @Optional()
  @IsBoolean()
  enabled?: boolean;
}

/** The delivery log: keyset paging on the (UUIDv7) webhook-id, newest first, by status. */
export class DeliveriesQuery extends IdCursorQuery {
  @ApiProperty({ enum: ['pending', 'delivered', 'failed'], required: false })
  @Optional()
  @IsIn(['pending', 'delivered', 'failed'])
  status?: 'pending' | 'delivered' | 'failed';
}
