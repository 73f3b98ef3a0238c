import { Type } from 'class-transformer';
import { Optional, SeqField } from '../../../core/validation/fields';
import { CursorQuery } from '../../messages/dto/message.dto';

export class ThreadQuery extends CursorQuery {
  /** Newer than this seq (the room's seq: replies share the room's sequence). */
  @Optional()
  @Type(() => Number)
  @SeqField(0)
  after?: number;
}
