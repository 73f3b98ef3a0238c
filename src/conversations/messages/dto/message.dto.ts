import { PageLimitField } from '../../../core/pagination/id-cursor.query';
import { Transform, Type } from 'class-transformer';
import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsString, IsUUID, ValidateIf } from 'class-validator';
import { JsonObjectField, Optional, SeqField } from '../../../core/validation/fields';
import { TextLength } from '../../../core/validation/text-length';
import { MessageContent } from './message-content';

export { MESSAGE_MAX_LENGTH } from './message-content';
export const CLIENT_MESSAGE_ID_MAX_LENGTH = 64;

export const MAX_ATTACHMENTS = 10;
const hasAttachments = (dto: object) => {
  const list = (dto as { attachments?: unknown }).attachments;
  return Array.isArray(list) && list.length > 0;
};

export class SendMessageDto {
  /**
   * 1..4000 characters (code points) after trimming, at most 16,000 bytes of UTF-8, something visible
   * (not only white space or zero-width characters); may be empty or left out when `attachments` are sent.
   */
  @ValidateIf((dto: SendMessageDto) => dto.content !== undefined || !hasAttachments(dto))
  @MessageContent({ blankAllowed: hasAttachments })
  content: string;

  /** Ids of the sender's own uploads not attached yet (POST /uploads), at most 10, in display order. */
  @ApiProperty({ type: String, format: 'uuid', isArray: true, required: false, maxItems: MAX_ATTACHMENTS })
  @Optional()
  @IsArray()
  @ArrayMaxSize(MAX_ATTACHMENTS)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  attachments?: string[];

  /** Makes the send idempotent per sender: a retry returns the first message (200) and writes nothing. */
  @Optional({ nullable: true })
  @IsString()
  @TextLength(1, CLIENT_MESSAGE_ID_MAX_LENGTH)
  client_message_id?: string | null;

  /** A message of the same room. */
  @Optional({ nullable: true })
  @IsUUID()
  reply_to_id?: string | null;

  /** Reply in this message's thread: a live top-level message of the same room. */
  @Optional({ nullable: true })
  @IsUUID()
  thread_root_id?: string | null;

  /** With `thread_root_id`: show the reply in the room's main history too. */
  @Optional()
  @IsBoolean()
  also_in_room?: boolean;

  /** Free-form JSON object, at most 4 KB. */
  @JsonObjectField(4 * 1024)
  meta?: Record<string, unknown>;
}

export class EditMessageDto {
  /** As in SendMessageDto. */
  @MessageContent()
  content: string;
}

export class ReadDto {
  /** Default: the room's latest message. */
  @Optional()
  @SeqField(0)
  seq?: number;
}

/** Keyset cursor shared by history and search. */
export class CursorQuery {
  /** Older than this seq. */
  @Optional()
  @Type(() => Number)
  @SeqField(1)
  before?: number;

  /** Default 50, at most 100. */
  @PageLimitField()
  limit?: number;
}

export class HistoryQuery extends CursorQuery {
  /** Newer than this seq. */
  @Optional()
  @Type(() => Number)
  @SeqField(0)
  after?: number;

  /** `true`: thread replies too (what `sync` answers; page on from its `has_more` with this). Default false. */
  @Optional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  thread_replies?: boolean;
}

export class SearchQuery extends CursorQuery {
  /** Words to find (web-search syntax: "quoted phrase", -excluded, or). */
  @IsString()
  @TextLength(1, 200)
  q: string;
}
