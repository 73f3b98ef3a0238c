import { PageLimitField } from '../../common/pagination/id-cursor.query';
import { Type } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Length, MaxLength, Min } from 'class-validator';
import { JsonObjectField, Trim } from '../../common/validation/fields';

export const MESSAGE_MAX_LENGTH = 4000;
export const CLIENT_MESSAGE_ID_MAX_LENGTH = 64;

export class SendMessageDto {
  /** 1..4000 characters after trimming. */
  @Trim()
  @IsString()
  @IsNotEmpty({ message: 'This field may not be blank.' })
  @MaxLength(MESSAGE_MAX_LENGTH)
  content: string;

  /** Makes the send idempotent per sender: a retry returns the first message (200) and writes nothing. */
  @IsOptional()
  @IsString()
  @Length(1, CLIENT_MESSAGE_ID_MAX_LENGTH)
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
}

export class SearchQuery extends CursorQuery {
  /** Words to find (web-search syntax: "quoted phrase", -excluded, or). */
  @IsString()
  @Length(1, 200)
  q: string;
}
