import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { PageLimitField } from '../../../core/pagination/id-cursor.query';
import { Optional } from '../../../core/validation/fields';
import type { MessageRevision } from '../store/entities/message-revision.entity';

/** Keyset paging on `version`, newest first: `?before=<the last version seen>&limit=`. */
export class RevisionsQuery {
  /** Versions below this one. */
  @Optional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(2_147_483_647)
  before?: number;

  /** Default 50, at most 100. */
  @PageLimitField()
  limit?: number;
}

/** An earlier version of a message: what an edit replaced, or what a deletion blanked. */
export class MessageRevisionResponse {
  /** 0: the text as sent; n: the text after n edits. */
  version: number;
  content: string;
  meta: Record<string, unknown>;
  /** When this version was written (the send, or the edit that made it). */
  @ApiProperty({ type: String, format: 'date-time' })
  written_at: string;
  /** When it was replaced. */
  @ApiProperty({ type: String, format: 'date-time' })
  replaced_at: string;
  @ApiProperty({ enum: ['edit', 'delete'], description: 'What replaced it: the next edit, or the deletion.' })
  replaced_by: string;
}

/** A message's earlier versions, newest first; the message itself holds the current one. */
export class MessageRevisionPageResponse {
  @ApiProperty({ type: String, nullable: true, description: 'The next (older) page, or null.' })
  next: string | null;
  /** The current version's number (the number of edits so far). */
  current_version: number;
  @ApiProperty({ type: () => [MessageRevisionResponse] })
  results: MessageRevisionResponse[];
}

export function toMessageRevisionResponse(r: MessageRevision): MessageRevisionResponse {
  return {
    version: r.version,
    content: r.content,
    meta: r.meta,
    written_at: r.writtenAt.toISOString(),
    replaced_at: r.replacedAt.toISOString(),
    replaced_by: r.replacedBy,
  };
}
