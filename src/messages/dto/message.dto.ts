import { PageLimitField } from '../../common/pagination/id-cursor.query';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Min } from 'class-validator';
import { JsonObjectField } from '../../common/validation/fields';
import { TextLength } from '../../common/validation/text-length';
import { MessageContent } from './message-content';

export { MESSAGE_MAX_LENGTH } from './message-content';
export const CLIENT_MESSAGE_ID_MAX_LENGTH = 64;

export class SendMessageDto {
  /** 1..4000 characters (code points) after trimming, at most 16,000 bytes of UTF-8, something visible (not only white space or zero-width characters). */
  @MessageContent()
  content: string;

  /** Makes the send idempotent per sender: a retry returns the first message (200) and writes nothing. */
  @IsOptional()
  @IsString()
  @TextLength(1, CLIENT_MESSAGE_ID_MAX_LENGTH)
  client_message_id?: string;

  /** A message of the same room. */
  @IsOptional()
  @IsUUID()
  reply_to_id?: string;

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
}

export class SearchQuery extends CursorQuery {
  /** Words to find (web-search syntax: "quoted phrase", -excluded, or). */
  @IsString()
  @TextLength(1, 200)
  q: string;
}
