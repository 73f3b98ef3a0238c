import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';
import { CursorQuery } from '../../messages/dto/message.dto';

export class ThreadQuery extends CursorQuery {
  /** Newer than this seq (the room's seq: replies share the room's sequence). */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;
}
