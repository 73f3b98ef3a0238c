import { Type } from 'class-transformer';
import { IsString } from 'class-validator';
import { PageLimitField } from '../../../core/pagination/id-cursor.query';
import { Optional, SeqField } from '../../../core/validation/fields';
import { TextLength } from '../../../core/validation/text-length';
import { MessageResponse } from './message.response';

/** The review queue, oldest first: `?after=<the last seq seen>&limit=`. */
export class HeldMessagesQuery {
  /** Held messages after this seq. */
  @Optional()
  @Type(() => Number)
  @SeqField(0)
  after?: number;

  /** Default 50, at most 100. */
  @PageLimitField()
  limit?: number;
}

/** A page of the review queue: `results` ascending by seq; `next` pages on (after=). */
export class HeldMessagePageResponse {
  next: string | null;
  results: MessageResponse[];
}

export class RejectMessageDto {
  /** Why (kept in the audit log), at most 500 characters. */
  @Optional()
  @IsString()
  @TextLength(0, 500)
  reason?: string;
}
