import { PageLimitField } from '../../common/pagination/id-cursor.query';
import { Transform, Type } from 'class-transformer';
import { ApiProperty } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { JsonObjectField, Trim } from '../../common/validation/fields';

export const MESSAGE_MAX_LENGTH = 4000;
export const CLIENT_MESSAGE_ID_MAX_LENGTH = 64;

export const MAX_ATTACHMENTS = 10;
const hasAttachments = (dto: object) => {
  const list = (dto as { attachments?: unknown }).attachments;
  return Array.isArray(list) && list.length > 0;
};

export class SendMessageDto {
  /** 1..4000 characters after trimming; may be empty or left out when `attachments` are sent. */
  @Trim()
  @ValidateIf((dto: SendMessageDto) => dto.content !== undefined || !hasAttachments(dto))
  @IsString()
  @ValidateBy({
    name: 'notBlankWithoutAttachments',
    validator: { validate: (v: unknown, args) => hasAttachments(args!.object) || v !== '', defaultMessage: () => 'This field may not be blank.' },
  })
  @MaxLength(MESSAGE_MAX_LENGTH)
  content: string;

  /** Ids of the sender's own uploads not attached yet (POST /uploads), at most 10, in display order. */
  @ApiProperty({ type: String, format: 'uuid', isArray: true, required: false, maxItems: MAX_ATTACHMENTS })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ATTACHMENTS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attachments?: string[];

  /** Makes the send idempotent per sender: a retry returns the first message (200) and writes nothing. */
  @IsOptional()
  @IsString()
  @Length(1, CLIENT_MESSAGE_ID_MAX_LENGTH)
  client_message_id?: string;

  /** A message of the same room. */
  @IsOptional()
  @IsUUID()
  reply_to_id?: string;

  /** Reply in this message's thread: a live top-level message of the same room. */
  @IsOptional()
  @IsUUID()
  thread_root_id?: string;

  /** With `thread_root_id`: show the reply in the room's main history too. */
  @IsOptional()
  @IsBoolean()
  also_in_room?: boolean;

  /** Free-form JSON object, at most 4 KB. */
  @JsonObjectField(4 * 1024)
  meta?: Record<string, unknown>;
}

export class EditMessageDto {
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'This field may not be blank.' })
  @MaxLength(MESSAGE_MAX_LENGTH)
  content: string;
}

export class ReadDto {
  /** Default: the room's latest message. */
  @IsOptional()
  @IsInt()
  @Min(0)
  seq?: number;
}

/** Keyset cursor shared by history and search. */
export class CursorQuery {
  /** Older than this seq. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  before?: number;

  /** Default 50, at most 100. */
  @PageLimitField()
  limit?: number;
}

export class HistoryQuery extends CursorQuery {
  /** Newer than this seq. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  /** `true`: thread replies too (what `sync` answers; page on from its `has_more` with this). Default false. */
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  thread_replies?: boolean;
}

export class SearchQuery extends CursorQuery {
  /** Words to find (web-search syntax: "quoted phrase", -excluded, or). */
  @IsString()
  @Length(1, 200)
  q: string;
}
